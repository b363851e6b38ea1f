/**
 * Groups: who may see that a group exists, read it, post in it and moderate it.
 *
 * - public: anyone reads; members post;
 * - private: name and description listed for everyone; everything else for members only;
 * - hidden: not listed and not found; members only; joined by invite link.
 * Site admins read and moderate every group. Whatever a viewer may not read answers 404.
 *
 * Each rule is written once, in JavaScript (`mayReadGroup`, `maySeeGroup`) and as a Kysely
 * expression for the same rule inside a query (`groupReadableSql`, `groupVisibleSql`).
 */
import { expressionBuilder, sql, type Expression, type SqlBool } from "kysely";
import type { Database, Group, GroupRole, GroupVisibility, Role } from "../../db/schema";

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

const isAdmin = (viewer: Viewer) => viewer?.role === "admin";

/** May read the group's threads, replies, members and meetings: it is public, or the viewer is a member or a site admin. */
export function mayReadGroup(viewer: Viewer, visibility: GroupVisibility, isMember: boolean): boolean {
  return visibility === "public" || isMember || isAdmin(viewer);
}

/** May know the group exists (directory, its name): it isn't hidden, or the viewer is a member or a site admin. */
export function maySeeGroup(viewer: Viewer, visibility: GroupVisibility, isMember: boolean): boolean {
  return visibility !== "hidden" || isMember || isAdmin(viewer);
}

export function accessFor<G extends GroupHead>(group: G, viewer: Viewer, membership: GroupRole | null): GroupAccess<G> {
  const isMember = membership !== null;
  const isModerator = membership === "moderator" || isAdmin(viewer);
  const canRead = mayReadGroup(viewer, group.visibility, isMember);
  const canSee = maySeeGroup(viewer, group.visibility, isMember);
  return { group, membership, isMember, isModerator, canRead, canPost: isMember, canSee };
}

/** The viewer's access to the group, or null when the group does not exist for them (404). */
export function accessIfVisible<G extends GroupHead>(group: G, viewer: Viewer, membership: GroupRole | null): GroupAccess<G> | null {
  const access = accessFor(group, viewer, membership);
  return access.canSee ? access : null;
}

// ---------------------------------------------------------------- the same rules in SQL

/**
 * Who asks, for the SQL forms: a viewer as above, or only a user's id (a query about one member's
 * own rows that does not know their role: whether they are a site admin is then asked in SQL).
 */
export type SqlViewer = Viewer | { id: string; role?: undefined };

/** Where the query holds the group: its id and visibility columns (e.g. `"g.id"`, `"g.visibility"`). */
export interface GroupColumns {
  id: string;
  visibility: string;
  /**
   * A column of the viewer's own `group_members` row when the query already left-joins it (not
   * null when they are a member); without it, membership is an EXISTS on `group_members`.
   */
  member?: string;
}

type Open = { op: "=" | "!="; visibility: GroupVisibility };

function groupRuleSql(viewer: SqlViewer, group: GroupColumns, open: Open): Expression<SqlBool> {
  const eb = expressionBuilder<Database, never>();
  if (viewer?.role === "admin") return sql<SqlBool>`1 = 1`;
  const isOpen = eb(sql.ref<GroupVisibility>(group.visibility), open.op, open.visibility);
  if (!viewer) return isOpen;
  const userId = viewer.id;
  const isMember = group.member
    ? eb(sql.ref(group.member), "is not", null)
    : eb.exists(
        eb.selectFrom("group_members as policy_gm").select("policy_gm.user_id").where("policy_gm.group_id", "=", sql.ref<number>(group.id)).where("policy_gm.user_id", "=", userId),
      );
  const either = [isOpen, isMember];
  // Role unknown: a site admin's row says so.
  if (viewer.role === undefined)
    either.push(eb.exists(eb.selectFrom("users as policy_u").select("policy_u.id").where("policy_u.id", "=", userId).where("policy_u.role", "=", "admin")));
  return eb.or(either);
}

/**
 * `mayReadGroup` inside a query: usable in `.where(...)`, in `eb.or([...])`, and in a raw `sql`
 * template. A site admin gets `1 = 1`; a visitor only `visibility = 'public'`.
 */
export function groupReadableSql(viewer: SqlViewer, group: GroupColumns): Expression<SqlBool> {
  return groupRuleSql(viewer, group, { op: "=", visibility: "public" });
}

/** `maySeeGroup` inside a query (the directory lists groups that aren't hidden, and the viewer's own). */
export function groupVisibleSql(viewer: SqlViewer, group: GroupColumns): Expression<SqlBool> {
  return groupRuleSql(viewer, group, { op: "!=", visibility: "hidden" });
}
