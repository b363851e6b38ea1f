/**
 * Groups: who may see that a group exists, read it, post in it and moderate it.
 *
 * - public: anyone reads; members post;
 * - private: name and description listed for everyone; everything else for members only;
 * - hidden: not listed and not found; members only; joined by invite link.
 * Site admins read and moderate every group. Whatever a viewer may not read answers 404.
 *
 * `accessFor` is the rule in JavaScript; `groupReadableBy` is the same rule inside SQL.
 */
import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from "kysely";
import type { Group, GroupRole, Role } from "../../db/schema";

export type Viewer = { id: string; role: Role | string } | null;

/** What every page in a group needs of the group itself. */
export type GroupHead = Pick<Group, "id" | "slug" | "name" | "visibility">;

export interface GroupAccess<G extends GroupHead = Group> {
  group: G;
  /** The viewer's role in the group, if a member. */
  membership: GroupRole | null;
  isMember: boolean;
  /** Group moderator, or site admin. */
  isModerator: boolean;
  /** May read threads, replies and the member list. */
  canRead: boolean;
  /** May start threads, reply and react. */
  canPost: boolean;
  /** May see that the group exists (name, description). */
  canSee: boolean;
}

export function accessFor<G extends GroupHead>(group: G, viewer: Viewer, membership: GroupRole | null): GroupAccess<G> {
  const isAdmin = viewer?.role === "admin";
  const isMember = membership !== null;
  const isModerator = membership === "moderator" || isAdmin;
  const canRead = group.visibility === "public" || isMember || isAdmin;
  const canSee = group.visibility !== "hidden" || isMember || isAdmin;
  return { group, membership, isMember, isModerator, canRead, canPost: isMember, canSee };
}

/** The viewer's access to the group, or null when the group does not exist for them (404). */
export function accessIfVisible<G extends GroupHead>(group: G, viewer: Viewer, membership: GroupRole | null): GroupAccess<G> | null {
  const access = accessFor(group, viewer, membership);
  return access.canSee ? access : null;
}

/**
 * `accessFor(...).canRead` inside SQL: the group behind `groupIdColumn` is public, or the viewer
 * is a member, or the viewer is an admin (then no condition at all).
 */
export function groupReadableBy<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  groupIdColumn: string,
  viewer: Viewer,
): ExpressionWrapper<DB, TB, SqlBool> {
  // Kysely cannot type a column passed by name across arbitrary tables; the SQL is the same for all.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
  const e = eb as unknown as ExpressionBuilder<any, any>;
  if (viewer?.role === "admin") return e.val(true).$castTo<SqlBool>() as never;
  const isPublic = e.exists(e.selectFrom("groups as policy_g").select("policy_g.id").whereRef("policy_g.id", "=", groupIdColumn).where("policy_g.visibility", "=", "public"));
  if (!viewer) return isPublic as never;
  return e.or([
    isPublic,
    e.exists(e.selectFrom("group_members as policy_gm").select("policy_gm.user_id").whereRef("policy_gm.group_id", "=", groupIdColumn).where("policy_gm.user_id", "=", viewer.id)),
  ]) as never;
}
