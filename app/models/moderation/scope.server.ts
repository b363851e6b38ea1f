/** Who moderates what: a site admin everywhere, a group's moderators in their groups. */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";

export { canModerate, isModerator, type ModeratorScope } from "../../policy/moderation";
import type { ModeratorScope } from "../../policy/moderation";

/** The groups a member moderates (all of them for a site admin). One query. */
export async function moderatorScope(db: Kysely<Database>, user: { id: string; role: string }): Promise<ModeratorScope> {
  if (user.role === "admin") return { all: true, groupIds: [] };
  const rows = await db.selectFrom("group_members").select("group_id").where("user_id", "=", user.id).where("role", "=", "moderator").execute();
  return { all: false, groupIds: rows.map((r) => r.group_id) };
}

/** The header's Moderation link: for admins always, for group moderators; with the open items in their scope. One query. */
/** Open review items the header counts: all of them for an admin, else those of the groups the member moderates. */
export function openItemsCountQuery(db: Kysely<Database>, userId: string, isAdmin: boolean) {
  if (isAdmin)
    return db
      .selectFrom("review_items")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "open");
  return db
    .selectFrom("group_members as gm")
    .innerJoin("review_items as ri", (join) => join.onRef("ri.group_id", "=", "gm.group_id").on("ri.status", "=", "open"))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("gm.user_id", "=", userId)
    .where("gm.role", "=", "moderator");
}

/** How many groups the member moderates (the header shows Moderation to them, and to every admin). */
export function moderatedGroupsCountQuery(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("group_members")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .where("role", "=", "moderator");
}

export async function moderationNavFor(db: Kysely<Database>, userId: string, isAdmin: boolean): Promise<{ showModeration: boolean; openReports: number }> {
  const row = await db.selectNoFrom([openItemsCountQuery(db, userId, isAdmin).as("open"), moderatedGroupsCountQuery(db, userId).as("moderates")]).executeTakeFirst();
  return { showModeration: isAdmin || Number(row?.moderates ?? 0) > 0, openReports: Number(row?.open ?? 0) };
}
