/**
 * Groups: who may see that a group exists, read it, post in it and moderate it.
 *
 * - public: anyone reads; members post;
 * - private: name and description listed for everyone; everything else for members only;
 * - hidden: not listed and not found; members only; joined by invite link.
 * Site admins read and moderate every group. Whatever a viewer may not read answers 404.
 */
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
