/**
 * Moderation: who moderates what, and which members a moderator may look at or act on.
 *
 * A site admin moderates everything. A group moderator moderates their groups only: content in
 * them, and members in the context of one of them — and only members who belong to that group
 * (members now, or who wrote there: `resolveTarget` in the moderation model refuses others with a
 * 404, for reports too). Without a group context a member record is an admin's matter. Site-wide sanctions (suspensions) and their reasons are for admins only.
 */
export type ModeratorScope = { all: true; groupIds: number[] } | { all: false; groupIds: number[] };

export function isModerator(scope: ModeratorScope): boolean {
  return scope.all || scope.groupIds.length > 0;
}

/** Content in this group (null: site-wide matters, admins only). */
export function canModerate(scope: ModeratorScope, groupId: number | null): boolean {
  if (scope.all) return true;
  return groupId !== null && scope.groupIds.includes(groupId);
}

/** The reason behind a site-wide sanction is told to admins (and the member), not to group moderators. */
export function maySeeSanctionReason(scope: ModeratorScope, sanctionGroupId: number | null): boolean {
  return scope.all || (sanctionGroupId !== null && scope.groupIds.includes(sanctionGroupId));
}
