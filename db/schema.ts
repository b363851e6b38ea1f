/**
 * The one `Database` interface: every table Harbor stores, as Kysely sees it.
 *
 * Portability rules (SQLite and PostgreSQL run the same queries):
 * - timestamps are ISO-8601 UTC strings (`2026-11-23T16:17:00.000Z`), which sort and compare
 *   correctly as text on both databases;
 * - calendar dates are `YYYY-MM-DD` strings;
 * - booleans are integers 0/1 (better-sqlite3 cannot bind JS booleans);
 * - ids of people and sessions are random text, never sequential numbers.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { GuideTables } from "./schema/guides";
import type { CircleTables } from "./schema/circle";
import type { MeetingTables } from "./schema/meetings";
import type { MessageTables, MessagesFrom } from "./schema/messages";
import type { ModerationTables } from "./schema/moderation";
import type { NotificationTables } from "./schema/notifications";
import type { PushTables } from "./schema/push";
import type { RecoveryTables } from "./schema/recovery";

/** A site role (decision 0011): an editor writes guides (docs/guides.md) and is otherwise a member. */
export type Role = "member" | "editor" | "admin";

export interface UsersTable {
  id: string;
  /** Always stored lower-cased; unique. Never shown to other members. */
  email: string;
  display_name: string;
  /** Lower-cased, space-folded display name: keeps names unique so nobody can impersonate another member. */
  display_name_key: string;
  password_hash: string;
  role: ColumnType<Role, Role | undefined, Role>;
  time_zone: string;
  bio: ColumnType<string, string | undefined, string>;
  /** The crisis-resources region the member chose ("gb"); null: the region of their time zone. */
  crisis_region: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1: the home page hides tracker names and day counts until tapped. */
  discreet_mode: ColumnType<number, number | undefined, number>;
  /** Who may start a private conversation with the member (db/schema/messages.ts). */
  messages_from: ColumnType<MessagesFrom, MessagesFrom | undefined, MessagesFrom>;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** The public half of the `<id>.<secret>` token. */
  id: string;
  user_id: string;
  /** Lower-case hex SHA-256 of the secret half; the secret itself is never stored. */
  secret_hash: string;
  created_at: string;
  last_used_at: string;
  user_agent: ColumnType<string, string | undefined, string>;
  ip: ColumnType<string, string | undefined, string>;
}

export interface AuthThrottlesTable {
  /** `account:<email>` or `ip:<address>`. */
  key: string;
  failures: number;
  last_failure_at: string;
  blocked_until: string | null;
}

/** Request-rate counters, written by rate-limiter-flexible (app/utils/rate-limit.server.ts). */
export interface RateLimitsTable {
  key: string;
  points: number;
  /** Milliseconds since the epoch when the counter ends, or null. */
  expire: number | null;
}

export interface SiteSettingsTable {
  key: string;
  /** JSON text. */
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export type GroupKind = "twelve_step" | "alumni" | "family" | "topic";
export type GroupVisibility = "public" | "private" | "hidden";
export type GroupRole = "member" | "moderator";
export type JoinRequestStatus = "pending" | "approved" | "declined" | "withdrawn";
export type PostStatus = "published" | "pending";

export interface GroupsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: GroupKind;
  visibility: GroupVisibility;
  description_source: ColumnType<string, string | undefined, string>;
  description_html: ColumnType<string, string | undefined, string>;
  guidelines_source: ColumnType<string, string | undefined, string>;
  guidelines_html: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  member_count: ColumnType<number, number | undefined, number>;
  thread_count: ColumnType<number, number | undefined, number>;
  last_activity_at: string | null;
  /** Where the group's meetings are ("Chicago, IL, USA"): the feed's place for meetings with none of their own. */
  area_served: ColumnType<string, string | undefined, string>;
}

export interface GroupMembersTable {
  group_id: number;
  user_id: string;
  role: ColumnType<GroupRole, GroupRole | undefined, GroupRole>;
  joined_at: string;
}

export interface GroupJoinRequestsTable {
  id: Generated<number>;
  group_id: number;
  user_id: string;
  message: ColumnType<string, string | undefined, string>;
  status: ColumnType<JoinRequestStatus, JoinRequestStatus | undefined, JoinRequestStatus>;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  decision_message: ColumnType<string, string | undefined, string>;
}

export interface GroupInvitesTable {
  id: Generated<number>;
  group_id: number;
  /** SHA-256 (hex) of the link's secret; the secret itself is never stored. */
  token_hash: string;
  created_by: string | null;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  use_count: ColumnType<number, number | undefined, number>;
}

export interface ThreadsTable {
  id: Generated<number>;
  group_id: number;
  author_id: string | null;
  title: string;
  created_at: string;
  last_post_at: string;
  /** Published posts, the opening post included: their positions run 0 … post_count - 1. */
  post_count: ColumnType<number, number | undefined, number>;
  is_pinned: ColumnType<number, number | undefined, number>;
  is_locked: ColumnType<number, number | undefined, number>;
  deleted_at: string | null;
  /** Moderation: "pending" while the opening post waits for approval. */
  status: ColumnType<PostStatus, PostStatus | undefined, PostStatus>;
  hidden_at: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** One post per member per this many minutes (0: off). */
  slow_mode_minutes: ColumnType<number, number | undefined, number>;
  /** Changes (to a random value, by triggers) whenever anything a page of its posts shows changes: see getThreadPage. */
  posts_stamp: ColumnType<number, number | undefined, number>;
}

export interface PostsTable {
  id: Generated<number>;
  thread_id: number;
  group_id: number;
  author_id: string | null;
  /** 0 for the opening post; null while the post waits for approval. */
  position: number | null;
  status: ColumnType<PostStatus, PostStatus | undefined, PostStatus>;
  body_source: string;
  /** Rendered and sanitized when saved; pages show only this. */
  body_html: string;
  quote_post_id: number | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  deleted_by: "author" | "moderator" | null;
  client_token: string | null;
  /** Moderation: hidden by a moderator (or by enough reports), with the reason shown in its place. */
  hidden_at: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** When Harbor flagged the post for crisis language: others see a calm cue and no "Proud of you" / "Me too". */
  crisis_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface PostRevisionsTable {
  id: Generated<number>;
  post_id: number;
  body_source: string;
  body_html: string;
  /** When this version was replaced by an edit. */
  replaced_at: string;
}

export interface PostReactionsTable {
  post_id: number;
  user_id: string;
  kind: string;
  created_at: string;
}

export interface ThreadReadsTable {
  user_id: string;
  thread_id: number;
  /** Posts at positions below this have been read. */
  read_count: number;
  updated_at: string;
}

/** Each area of the product keeps its tables in db/schema/<area>.ts. */
export interface Database extends ModerationTables, MeetingTables, RecoveryTables, NotificationTables, PushTables, GuideTables, CircleTables, MessageTables {
  users: UsersTable;
  sessions: SessionsTable;
  auth_throttles: AuthThrottlesTable;
  rate_limits: RateLimitsTable;
  site_settings: SiteSettingsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  group_join_requests: GroupJoinRequestsTable;
  group_invites: GroupInvitesTable;
  threads: ThreadsTable;
  posts: PostsTable;
  post_revisions: PostRevisionsTable;
  post_reactions: PostReactionsTable;
  thread_reads: ThreadReadsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
export type Group = Selectable<GroupsTable>;
export type Thread = Selectable<ThreadsTable>;
export type Post = Selectable<PostsTable>;
