/** Tables of the moderation area; `Database` in db/schema.ts extends this interface. Same portability rules as db/schema.ts. */
import type { ColumnType, Generated } from "kysely";

/** "message": a private message a participant reported; the review shows only its stored excerpt. */
export type ReviewItemKind = "post" | "thread" | "member" | "message";
export type ReviewItemStatus = "open" | "resolved";
export type SanctionKind = "mute" | "ban" | "suspend";
export type WatchedWordAction = "block" | "approve" | "flag";

export interface GroupModerationSettingsTable {
  group_id: number;
  approve_first_posts: ColumnType<number, number | undefined, number>;
  approve_all: ColumnType<number, number | undefined, number>;
  updated_at: string;
}

export interface ReviewItemsTable {
  id: Generated<number>;
  group_id: number | null;
  kind: ReviewItemKind;
  target_key: string;
  post_id: number | null;
  thread_id: number | null;
  subject_user_id: string | null;
  status: ColumnType<ReviewItemStatus, ReviewItemStatus | undefined, ReviewItemStatus>;
  is_crisis: ColumnType<number, number | undefined, number>;
  report_count: ColumnType<number, number | undefined, number>;
  opened_at: string;
  first_action_at: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
}

export interface ReportsTable {
  id: Generated<number>;
  item_id: number;
  reporter_id: string | null;
  reason: string;
  note: ColumnType<string, string | undefined, string>;
  created_at: string;
}

export interface SanctionsTable {
  id: Generated<number>;
  user_id: string;
  group_id: number | null;
  kind: SanctionKind;
  reason: string;
  starts_at: string;
  ends_at: string | null;
  lifted_at: string | null;
  lifted_by: string | null;
  created_by: string | null;
}

export interface WatchedWordsTable {
  id: Generated<number>;
  group_id: number | null;
  phrase: string;
  action: WatchedWordAction;
  note: ColumnType<string, string | undefined, string>;
  created_at: string;
  created_by: string | null;
}

/** Append-only (database triggers refuse UPDATE and DELETE). */
export interface AuditLogTable {
  id: Generated<number>;
  actor_id: string | null;
  action: string;
  group_id: number | null;
  subject_user_id: string | null;
  post_id: number | null;
  thread_id: number | null;
  item_id: number | null;
  reason: ColumnType<string, string | undefined, never>;
  before_state: ColumnType<string, string | undefined, never>;
  after_state: ColumnType<string, string | undefined, never>;
  created_at: string;
}

export interface ModerationTables {
  group_moderation_settings: GroupModerationSettingsTable;
  review_items: ReviewItemsTable;
  reports: ReportsTable;
  sanctions: SanctionsTable;
  watched_words: WatchedWordsTable;
  audit_log: AuditLogTable;
}
