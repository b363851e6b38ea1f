/** The admin console: the moderation dashboard, finding members, appointing moderators, deleting accounts. */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { setMemberRole } from "../groups.server";
import { removeMemberMessages } from "../messages/conversations.server";
import { recordAudit } from "./audit.server";
import { ModerationError } from "./error.server";

/** Members who used Harbor (a session in use, or a post) in the last `days` days. */
function medianOf(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function activeMembers(db: Kysely<Database>, since: string): Promise<number> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom("sessions")
        .select("user_id")
        .where("last_used_at", ">=", since)
        .union(
          eb
            .selectFrom("posts")
            .select(sql<string>`author_id`.as("user_id"))
            .where("created_at", ">=", since)
            .where("author_id", "is not", null),
        )
        .as("active"),
    )
    .select((eb) => eb.fn.count<number>("active.user_id").distinct().as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function moderationDashboard(db: Kysely<Database>, now = clockNow(), days = 14) {
  const dayMs = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * dayMs);
  const [active7, active30, perDay, byReason, actedOn] = await Promise.all([
    activeMembers(db, iso(now.getTime() - 7 * dayMs)),
    activeMembers(db, iso(now.getTime() - 30 * dayMs)),
    db
      .selectFrom("posts")
      .select([sql<string>`substr(created_at, 1, 10)`.as("day"), (eb) => eb.fn.countAll<number>().as("n")])
      .where("created_at", ">=", start.toISOString())
      .where("status", "=", "published")
      .groupBy(sql`substr(created_at, 1, 10)`)
      .execute(),
    db
      .selectFrom("reports")
      .innerJoin("review_items", "review_items.id", "reports.item_id")
      .select(["reports.reason", (eb) => eb.fn.countAll<number>().as("n")])
      .where("review_items.status", "=", "open")
      .groupBy("reports.reason")
      .execute(),
    db
      .selectFrom("review_items")
      .select(["opened_at", "first_action_at"])
      .where("opened_at", ">=", iso(now.getTime() - 30 * dayMs))
      .where("first_action_at", "is not", null)
      .orderBy("opened_at", "desc")
      .limit(2000)
      .execute(),
  ]);
  const counts = new Map(perDay.map((r) => [r.day, Number(r.n)]));
  const postsPerDay = Array.from({ length: days }, (_, i) => {
    const day = iso(start.getTime() + i * dayMs).slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
  const waits = actedOn.map((r) => Date.parse(r.first_action_at!) - Date.parse(r.opened_at)).sort((a, b) => a - b);
  const median = medianOf(waits);
  // The trend: the median of each of the last four weeks, oldest first (items by the day they opened).
  const weeks = Array.from({ length: 4 }, (_, i) => {
    const from = now.getTime() - (4 - i) * 7 * dayMs;
    const inWeek = actedOn.filter((r) => Date.parse(r.opened_at) >= from && Date.parse(r.opened_at) < from + 7 * dayMs);
    const sorted = inWeek.map((r) => Date.parse(r.first_action_at!) - Date.parse(r.opened_at)).sort((a, b) => a - b);
    return { weekStart: iso(from).slice(0, 10), medianMs: medianOf(sorted), count: sorted.length };
  });
  const [openCount, oldestOpen] = await Promise.all([
    db
      .selectFrom("review_items")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "open")
      .executeTakeFirst(),
    db
      .selectFrom("review_items as ri")
      .leftJoin("groups as g", "g.id", "ri.group_id")
      .select([
        "ri.id",
        "ri.kind",
        "ri.post_id",
        "ri.thread_id",
        "ri.subject_user_id",
        "ri.target_key",
        "ri.group_id",
        "ri.opened_at",
        "ri.is_crisis",
        "ri.report_count",
        "g.name as group_name",
      ])
      .where("ri.status", "=", "open")
      .orderBy("ri.opened_at", "asc")
      .orderBy("ri.id", "asc")
      .limit(5)
      .execute(),
  ]);
  return {
    openCount: Number(openCount?.n ?? 0),
    /** The open queue's oldest items first: what has waited longest. */
    oldestOpen,
    medianTrend: weeks,
    active7,
    active30,
    postsPerDay,
    openByReason: byReason.map((r) => ({ reason: r.reason, count: Number(r.n) })).sort((a, b) => b.count - a.count),
    medianFirstActionMs: median,
    actedOnCount: waits.length,
  };
}

/**
 * Admins find a member by display name (prefix, on its folded key) or by exact e-mail address.
 * The address is matched, never returned.
 */
export async function findMembers(db: Kysely<Database>, query: string, limit = 25) {
  const q = query.trim();
  if (!q) return [];
  let builder = db.selectFrom("users").select(["id", "display_name", "role", "created_at"]).limit(limit);
  if (q.includes("@")) builder = builder.where("email", "=", q.toLowerCase());
  else {
    const key = q
      .normalize("NFKC")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, "");
    if (!key) return [];
    builder = builder.where("display_name_key", ">=", key).where("display_name_key", "<", `${key}\uffff`).orderBy("display_name_key");
  }
  return builder.execute();
}

/** An admin appoints or removes a group moderator; recorded in the audit log. Returns whether anything changed. */
export async function setModerator(db: Kysely<Database>, actorId: string, groupId: number, userId: string, moderator: boolean, now = clockNow()): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const changed = await setMemberRole(tx, groupId, userId, moderator ? "moderator" : "member", now);
    if (changed)
      await recordAudit(
        tx,
        { actorId, action: moderator ? "moderator.appoint" : "moderator.remove", groupId, subjectUserId: userId, before: { moderator: !moderator }, after: { moderator } },
        now,
      );
    return changed;
  });
}

/** An admin deletes a member's account (posts stay, shown as "a former member"); the audit log keeps the name. */
export async function deleteAccount(db: Kysely<Database>, actor: { id: string; role: string }, userId: string, reason: string, now = clockNow()): Promise<void> {
  if (actor.role !== "admin") throw new ModerationError("Only site admins can delete accounts.", 403);
  if (actor.id === userId) throw new ModerationError("Delete your own account from Settings.", 400);
  await inTransaction(db, async (tx) => {
    const user = await tx.selectFrom("users").select(["id", "display_name", "role"]).where("id", "=", userId).executeTakeFirst();
    if (!user) throw new ModerationError("That member is no longer here.", 404);
    if (user.role === "admin") throw new ModerationError("Admins can't be deleted here. Make them a member first.", 409);
    await recordAudit(tx, { actorId: actor.id, action: "member.delete", subjectUserId: userId, reason, before: { displayName: user.display_name }, after: { deleted: true } }, now);
    await removeMemberMessages(tx, userId, now);
    await tx.deleteFrom("users").where("id", "=", userId).execute();
  });
}
