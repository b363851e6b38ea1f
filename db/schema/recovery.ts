/**
 * Tables of the recovery area; `Database` in db/schema.ts extends this interface. Same portability
 * rules as db/schema.ts. Every row belongs to one member; `*_enc` columns hold AES-256-GCM
 * ciphertext (app/utils/private-text.server.ts), never plain text.
 */
import type { ColumnType, Generated } from "kysely";

export interface RecoveryTrackersTable {
  id: Generated<number>;
  user_id: string;
  /** Blank: the name is private text, sealed in name_enc. Holds a plain name only until the app seals it after migrating (a site from before names were sealed). */
  name: ColumnType<string, string | undefined, string>;
  name_enc: ColumnType<string | null, string | null | undefined, string | null>;
  start_date: string;
  start_time: string | null;
  announced_days: ColumnType<number, number | undefined, number>;
  created_at: string;
  updated_at: string;
}

export interface RecoverySlipsTable {
  id: Generated<number>;
  tracker_id: number;
  user_id: string;
  slip_date: string;
  note_enc: string | null;
  created_at: string;
}

export interface RecoveryCheckinsTable {
  id: Generated<number>;
  user_id: string;
  day: string;
  mood: number;
  cravings: number;
  sleep_tenths: number | null;
  went_to_meeting: ColumnType<number, number | undefined, number>;
  note_enc: string | null;
  created_at: string;
  updated_at: string;
}

export interface RecoveryJournalEntriesTable {
  id: Generated<number>;
  user_id: string;
  entry_date: string;
  body_enc: string;
  created_at: string;
  updated_at: string;
}

export interface RecoveryTaperStepsTable {
  id: Generated<number>;
  user_id: string;
  medication_enc: string;
  dose_micrograms: number;
  from_date: string;
  note_enc: string | null;
  created_at: string;
}

export interface RecoveryPlansTable {
  user_id: string;
  plan_enc: string;
  updated_at: string;
}

export interface RecoveryMilestoneSharesTable {
  id: Generated<number>;
  tracker_id: number;
  user_id: string;
  streak_start: string;
  milestone_days: number;
  label: string;
  group_id: number | null;
  thread_id: number | null;
  created_at: string;
}

export interface RecoveryTables {
  recovery_trackers: RecoveryTrackersTable;
  recovery_slips: RecoverySlipsTable;
  recovery_checkins: RecoveryCheckinsTable;
  recovery_journal_entries: RecoveryJournalEntriesTable;
  recovery_taper_steps: RecoveryTaperStepsTable;
  recovery_plans: RecoveryPlansTable;
  recovery_milestone_shares: RecoveryMilestoneSharesTable;
}

/** The member-owned tables: account deletion empties each of them for the member. */
export const RECOVERY_PRIVATE_TABLES = [
  "recovery_milestone_shares",
  "recovery_plans",
  "recovery_taper_steps",
  "recovery_journal_entries",
  "recovery_checkins",
  "recovery_slips",
  "recovery_trackers",
] as const;
