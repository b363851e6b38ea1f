/**
 * The support circle: who may see what of a member's recovery, and who may invite, join, encourage,
 * reach out or read the care team's list.
 *
 * - A member's circle is theirs alone: only they manage it (invite, choose shares, end, mute, set
 *   the "check on me" rules). Nobody else — not a moderator, not an admin — can.
 * - A person in the circle sees a circle page for that member with exactly the items the member
 *   ticked for them (each off by default), and nothing else. Never the journal, slip notes or the
 *   taper log: those cannot be shared at all.
 * - Anyone else (a fellow group member, a moderator, an admin, a care-team member who was not
 *   added, a person whose share ended) gets 404 for every circle page of that member.
 * - Care team is a staff role an admin grants; only its holders can be added as "care team", and
 *   they see the list of members who asked them to check on them. The role moderates nothing.
 * - A blocked pair cannot join each other's circle (issue 26: `blocked` comes from the blocking
 *   model once it exists; see circleBlocked in app/models/circle/blocking.server.ts).
 */
import type { CircleRole, StaffRole } from "../../db/schema/circle";
import type { Viewer } from "./groups";

export const CIRCLE_ROLES: Record<CircleRole, string> = {
  sponsor: "Sponsor",
  partner: "Accountability partner",
  friend_family: "Friend or family",
  care_team: "Care team",
};

export function isCircleRole(value: unknown): value is CircleRole {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(CIRCLE_ROLES, value);
}

/** What a member may let a person see; each is off until the member ticks it. */
export interface CircleShares {
  /** The one tracker whose days and milestones are shared, or null. */
  trackerId: number | null;
  checkins: boolean;
  meetings: boolean;
  plan: boolean;
}

export const NO_SHARES: CircleShares = { trackerId: null, checkins: false, meetings: false, plan: false };

/** What can never be shared with anyone, whatever is ticked. */
export const NEVER_SHARED = ["your journal", "notes on slips", "your taper log"] as const;

/** A person's place in a member's circle, as the database holds it. */
export interface CircleLink {
  memberId: string;
  personId: string;
  role: CircleRole;
  shares: CircleShares;
  checkOnMe: boolean;
  muted: boolean;
}

/** What a viewer sees on a member's circle page: the items the member shared with them. */
export interface CircleView {
  memberId: string;
  role: CircleRole;
  tracker: number | null;
  checkins: boolean;
  meetings: boolean;
  plan: boolean;
  checkOnMe: boolean;
}

/**
 * The member's circle page for this viewer, or null (404). Only the person the link is for, and
 * only while it lasts (the caller passes the link found for viewer and member, or null).
 */
export function circleViewFor(viewer: Viewer, memberId: string, link: CircleLink | null): CircleView | null {
  if (!viewer || !link || link.personId !== viewer.id || link.memberId !== memberId || viewer.id === memberId) return null;
  return {
    memberId,
    role: link.role,
    tracker: link.shares.trackerId,
    checkins: link.shares.checkins,
    meetings: link.shares.meetings,
    plan: link.shares.plan,
    checkOnMe: link.checkOnMe,
  };
}

/** Only the member manages their circle (shares, ending, muting, rules, reach-outs, history). */
export function mayManageCircle(viewer: Viewer, memberId: string): boolean {
  return viewer !== null && viewer.id === memberId;
}

/** A tracker can be shared only by the member who owns it. */
export function mayShareTracker(memberId: string, trackerOwnerId: string | null): boolean {
  return trackerOwnerId !== null && trackerOwnerId === memberId;
}

export type InviteRefusal = "self" | "not_found" | "already_in" | "already_invited" | "care_team_only" | "blocked";

/** What a member may be told about an invitation that cannot go ahead (never who blocked whom). */
export const INVITE_REFUSALS: Record<InviteRefusal, string> = {
  self: "You can't invite yourself. Your own recovery is already yours to see.",
  not_found: "We couldn't find a member by that name in a group you share. Check the spelling, or send them an invite link instead.",
  already_in: "They're already in your support circle. You can change what they see on their page in your circle.",
  already_invited: "You've already invited them. They'll find it under Support circle; you can withdraw it there.",
  care_team_only: "Only members of the care team (staff an admin names) can be added as care team. Choose another role.",
  blocked: "This invitation can't be sent. You can invite someone else, or send an invite link.",
};

/**
 * May `ownerId` invite `targetId` into their circle by name, in this role? The target must be
 * someone the member can find: a member of a group they share, or care-team staff.
 */
export function circleInviteRefusal(input: {
  ownerId: string;
  targetId: string | null;
  sharesGroup: boolean;
  targetStaffRoles: readonly StaffRole[];
  role: CircleRole;
  alreadyIn: boolean;
  alreadyInvited: boolean;
  blocked: boolean;
}): InviteRefusal | null {
  if (input.targetId === null) return "not_found";
  if (input.targetId === input.ownerId) return "self";
  const isCareStaff = input.targetStaffRoles.includes("care_team");
  if (!input.sharesGroup && !isCareStaff) return "not_found";
  if (input.blocked) return "blocked";
  if (input.alreadyIn) return "already_in";
  if (input.alreadyInvited) return "already_invited";
  if (input.role === "care_team" && !isCareStaff) return "care_team_only";
  return null;
}

export type AcceptRefusal = "self" | "already_in" | "care_team_only" | "blocked" | "unusable";

export const ACCEPT_REFUSALS: Record<AcceptRefusal, string> = {
  self: "This is your own invitation: send the link to the person you'd like in your circle.",
  already_in: "You're already in their support circle.",
  care_team_only: "This invitation is for a member of the care team, which your account isn't. Ask the person who sent it for a new one.",
  blocked: "This invitation can't be accepted.",
  unusable: "This invitation has expired or was withdrawn. Ask the person who sent it for a new one.",
};

/** May this person accept a member's invitation (by link or by name)? */
export function circleAcceptRefusal(input: {
  ownerId: string;
  personId: string;
  role: CircleRole;
  personStaffRoles: readonly StaffRole[];
  alreadyIn: boolean;
  usable: boolean;
  blocked: boolean;
}): AcceptRefusal | null {
  if (!input.usable) return "unusable";
  if (input.ownerId === input.personId) return "self";
  if (input.blocked) return "blocked";
  if (input.alreadyIn) return "already_in";
  if (input.role === "care_team" && !input.personStaffRoles.includes("care_team")) return "care_team_only";
  return null;
}

/** Care-team staff: the list of members who asked them to check on them. Admins and moderators are not care team by their role. */
export function isCareTeam(staffRoles: readonly string[]): boolean {
  return staffRoles.includes("care_team");
}

/** Encouragement and the circle page go both ways only through a link the member made. */
export function maySendEncouragement(view: CircleView | null): boolean {
  return view !== null;
}
