/** Tables of the meetings area; `Database` in db/schema.ts extends this interface. Same portability rules as db/schema.ts. */
import type { ColumnType, Generated } from "kysely";

export type MeetingKind = "weekly" | "one_off";
export type MeetingStatus = "active" | "temporarily_closed";
export type Attendance = "in_person" | "online" | "hybrid";

export interface MeetingsTable {
  id: Generated<number>;
  group_id: number;
  /** Stable, unique, URL-safe (Meeting Guide `slug`); the meeting's page is /meetings/<slug>. */
  slug: string;
  name: string;
  notes: ColumnType<string, string | undefined, string>;
  kind: MeetingKind;
  /** Weekly: comma-separated weekdays, 0 = Sunday ("1,3"); empty for one-off meetings. */
  days: ColumnType<string, string | undefined, string>;
  /** One-off: the local date "YYYY-MM-DD"; null for weekly meetings. */
  one_off_date: string | null;
  /** Local wall-clock "HH:MM" (24-hour) in `time_zone`; never a UTC instant. */
  start_time: string;
  /** Local "HH:MM"; at or before start_time means it ends the next day. */
  end_time: string;
  /** IANA zone name. */
  time_zone: string;
  /** Derived from the fields below when saved (in person: an address; online: a link or phone). */
  attendance: Attendance;
  location_name: ColumnType<string, string | undefined, string>;
  address: ColumnType<string, string | undefined, string>;
  location_notes: ColumnType<string, string | undefined, string>;
  latitude: number | null;
  longitude: number | null;
  conference_url: ColumnType<string, string | undefined, string>;
  conference_url_notes: ColumnType<string, string | undefined, string>;
  conference_phone: ColumnType<string, string | undefined, string>;
  conference_phone_notes: ColumnType<string, string | undefined, string>;
  /** Comma-separated Meeting Guide type codes (only codes @code4recovery/spec knows). */
  types: ColumnType<string, string | undefined, string>;
  status: ColumnType<MeetingStatus, MeetingStatus | undefined, MeetingStatus>;
  /**
   * The meeting's id in the feed it came from (its own slug when made here): unique per group, so
   * two groups' feeds may both use "6". Re-imports match on (group_id, feed_slug); `slug` (the
   * public address) stays unique per site and is never changed by an import.
   */
  feed_slug: ColumnType<string, string | undefined, string>;
  /**
   * An approximate place ("Chicago, IL, USA"): where an online meeting is based. Never somewhere
   * to go: `address` holds only a specific place (street level, or with coordinates).
   */
  area: ColumnType<string, string | undefined, string>;
  /** The feed's region (the most specific of `regions`), e.g. "Wicker Park". */
  region: ColumnType<string, string | undefined, string>;
  /** The spec's `group`: the name of the group holding the meeting (not a Harbor group). */
  meeting_group: ColumnType<string, string | undefined, string>;
  group_notes: ColumnType<string, string | undefined, string>;
  /** JSON list of up to three MeetingContact ({name, email, phone}); names never carry last names. "" = none. */
  contacts: ColumnType<string, string | undefined, string>;
  website: ColumnType<string, string | undefined, string>;
  feedback_url: ColumnType<string, string | undefined, string>;
  /** 7th-tradition handles: "@Group", "GroupName", "$Group". */
  venmo: ColumnType<string, string | undefined, string>;
  paypal: ColumnType<string, string | undefined, string>;
  square: ColumnType<string, string | undefined, string>;
  /** Set when archived (gone from an imported feed): out of the directory and feeds; attendance history keeps it. */
  archived_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** iCalendar SEQUENCE: raised whenever the meeting or one of its dates changes. */
  sequence: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One contact person of a meeting (spec contact_N_*): a first name and initial at most. */
export interface MeetingContact {
  name: string;
  email: string;
  phone: string;
}

/** One occurrence's exception: cancelled (with a reason) and/or a note ("this week in room 2"). */
export interface MeetingOccurrencesTable {
  meeting_id: number;
  /** The meeting's local date of the occurrence. */
  occurrence_date: string;
  cancelled: ColumnType<number, number | undefined, number>;
  cancel_reason: ColumnType<string, string | undefined, string>;
  note: ColumnType<string, string | undefined, string>;
  updated_at: string;
  updated_by: string | null;
}

/** "I'm going": one member, one occurrence. */
export interface MeetingRsvpsTable {
  meeting_id: number;
  occurrence_date: string;
  user_id: string;
  /** UTC instant the occurrence starts (kept for reminders; recomputed when the meeting moves). */
  starts_at: string;
  created_at: string;
}

/** The member's private attendance log: a Harbor meeting's occurrence or a meeting elsewhere (free text). */
export interface MeetingAttendanceTable {
  id: Generated<number>;
  user_id: string;
  meeting_id: number | null;
  /** The meeting's local date for a Harbor meeting; null for one elsewhere. */
  occurrence_date: string | null;
  /** Free text for a meeting outside Harbor; the meeting's name (at the time) otherwise. */
  meeting_name: string;
  /** The day it counts for, in the member's own zone. */
  attended_on: string;
  created_at: string;
}

/** The secret of a member's personal calendar feed (SHA-256 hex; the secret itself is never stored). */
export interface CalendarTokensTable {
  user_id: string;
  token_hash: string;
  created_at: string;
}

/** A meeting's date within the directory's rolling horizon, as UTC instants (derived; rebuilt when the meeting changes). */
export interface MeetingDatesTable {
  meeting_id: number;
  /** The meeting's local date, as in meeting_occurrences. */
  occurrence_date: string;
  starts_at: string;
  ends_at: string;
}

export interface MeetingTables {
  meeting_dates: MeetingDatesTable;
  meetings: MeetingsTable;
  meeting_occurrences: MeetingOccurrencesTable;
  meeting_rsvps: MeetingRsvpsTable;
  meeting_attendance: MeetingAttendanceTable;
  calendar_tokens: CalendarTokensTable;
}
