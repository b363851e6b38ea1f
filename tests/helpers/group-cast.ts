/**
 * The cast of the group route tests: a group and one of each kind of viewer, and small readers of
 * what the database holds. Shared by tests/integration/group-*routes.test.ts.
 */
import type { Kysely } from "kysely";
import type { Database, GroupVisibility } from "../../db/schema";
import { addMember } from "../../app/models/groups.server";
import { makeGroup, makeSignedInUser, makeUser } from "../factories";

export type Failure = { ok: false; errors: Record<string, string>; values: Record<string, string> };
export type Saved = { ok: true; message: string };

export const WHO = ["anonymous", "outsider", "member", "moderator", "admin"] as const;
export type Who = (typeof WHO)[number];

/** What no group page may show: e-mail addresses and password material. */
export const EMAIL = /@harbor\.test|"email"|password|argon2/i;

/** The helpers, bound to the test's own database (`useTestDatabase()`). */
export function groupCast(t: { readonly db: Kysely<Database> }) {
  const signedIn = (role: "member" | "admin" = "member", options: Parameters<typeof makeUser>[1] = {}) => makeSignedInUser(t.db, { role, ...options });

  /** A group and one of each kind of viewer: nobody, a signed-in stranger, a member, its moderator, a site admin. */
  async function cast(visibility: GroupVisibility) {
    const group = await makeGroup(t.db, { visibility });
    const outsider = await signedIn();
    const member = await signedIn();
    const moderator = await signedIn();
    const admin = await signedIn("admin");
    await addMember(t.db, group.id, member.user.id);
    await addMember(t.db, group.id, moderator.user.id, "moderator");
    const cookies: Record<Who, string | undefined> = {
      anonymous: undefined,
      outsider: outsider.cookie,
      member: member.cookie,
      moderator: moderator.cookie,
      admin: admin.cookie,
    };
    return { group, outsider, member, moderator, admin, cookies };
  }

  async function groupRow(id: number) {
    return t.db.selectFrom("groups").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
  }

  async function roleIn(groupId: number, userId: string) {
    const row = await t.db.selectFrom("group_members").select("role").where("group_id", "=", groupId).where("user_id", "=", userId).executeTakeFirst();
    return row?.role ?? null;
  }

  return { signedIn, cast, groupRow, roleIn };
}

export type Cast = Awaited<ReturnType<ReturnType<typeof groupCast>["cast"]>>;
