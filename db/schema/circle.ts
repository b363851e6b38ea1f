/**
 * Tables of the support circle (docs/circle.md); `Database` in db/schema.ts extends this interface.
 * Same portability rules as db/schema.ts. `user_id` is always the member whose circle it is;
 * `*_enc` columns hold AES-256-GCM ciphertext sealed for that member (app/utils/private-text.server.ts).
 */
import type { ColumnType, Generated } from "kysely";

/** What a member calls a person in their circle. `care_team` only for holders of the care-team staff role. */
export type CircleRole = "sponsor" | "partner" | "friend_family" | "care_team";
export type StaffRole = "care_team";
export type CircleSignalKind = "silence" | "cravings" | "mood";

type Flag = ColumnType<number, number | undefined, number>;

export interface UserStaffRolesTable {
  user_id: string;
  role: StaffRole;
  granted_by: string | null;
  granted_at: string;
}

export interface CircleMembersTable {
  id: Generated<number>;
  user_id: string;
  person_id: string;
  role: CircleRole;
  /** The one tracker whose days (and milestones) the person sees, or null. */
  share_tracker_id: number | null;
  share_checkins: Flag;
  share_meetings: Flag;
  share_plan: Flag;
  /** 1: the person hears of the member's "check on me" signals. */
  check_on_me: Flag;
  /** 1: the person's encouragement does not reach the member's bell. */
  muted: Flag;
  joined_at: string;
  updated_at: string;
}

export interface CircleInvitesTable {
  id: Generated<number>;
  user_id: string;
  /** An invitation by display name; null for a link. */
  invitee_id: string | null;
  /** SHA-256 (hex) of a link's secret; the secret itself is never stored. Null for an invitation by name. */
  token_hash: string | null;
  role: CircleRole;
  share_tracker_id: number | null;
  share_checkins: Flag;
  share_meetings: Flag;
  share_plan: Flag;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  used_at: string | null;
}

export interface CircleSettingsTable {
  user_id: string;
  /** Tell those who check on the member after this many days without a check-in (null: off). */
  silence_days: number | null;
  /** …when a check-in's cravings are at or above this (null: off). */
  cravings_at: number | null;
  /** …when a check-in's mood is at or below this (null: off). */
  mood_at: number | null;
  updated_at: string;
}

export interface CircleSignalsTable {
  id: Generated<number>;
  user_id: string;
  kind: CircleSignalKind;
  /** The member's local day the signal is about. */
  day: string;
  created_at: string;
}

export interface CircleEventsTable {
  id: Generated<number>;
  user_id: string;
  person_id: string | null;
  person_name: ColumnType<string, string | undefined, string>;
  /** invited, invite_link, accepted, declined, revoked, shares_changed, ended, left, muted, unmuted, reach_out, rules_changed … */
  kind: string;
  /** JSON text: what changed (item names, never private text). */
  detail: ColumnType<string, string | undefined, string>;
  created_at: string;
}

export interface CircleEncouragementsTable {
  id: Generated<number>;
  user_id: string;
  sender_id: string | null;
  card: string | null;
  message_enc: string | null;
  created_at: string;
}

export interface CircleReachOutsTable {
  id: Generated<number>;
  user_id: string;
  line_enc: string | null;
  created_at: string;
}

export interface CircleReachOutRecipientsTable {
  reach_out_id: number;
  person_id: string;
  opened_at: string | null;
}

export interface CircleTables {
  user_staff_roles: UserStaffRolesTable;
  circle_members: CircleMembersTable;
  circle_invites: CircleInvitesTable;
  circle_settings: CircleSettingsTable;
  circle_signals: CircleSignalsTable;
  circle_events: CircleEventsTable;
  circle_encouragements: CircleEncouragementsTable;
  circle_reach_outs: CircleReachOutsTable;
  circle_reach_out_recipients: CircleReachOutRecipientsTable;
}

/** The member-owned circle tables (user_id: the member): account deletion empties each for the member. */
export const CIRCLE_PRIVATE_TABLES = [
  "circle_reach_outs",
  "circle_encouragements",
  "circle_events",
  "circle_signals",
  "circle_settings",
  "circle_invites",
  "circle_members",
] as const;
