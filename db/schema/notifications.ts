/** Tables of the notifications area; `Database` in db/schema.ts extends this interface. Same portability rules as db/schema.ts. */
import type { ColumnType, Generated } from "kysely";

/** How a member wants to hear about one kind of notification. */
export type Delivery = "in_app" | "email" | "digest" | "off";

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  /** A NotificationType (app/models/notify.server.ts). */
  type: string;
  /** The member who caused it (the latest one, for collapsed notifications). */
  actor_id: string | null;
  group_id: number | null;
  thread_id: number | null;
  post_id: number | null;
  meeting_id: number | null;
  /** JSON text: the small details the message needs. */
  data: ColumnType<string, string | undefined, string>;
  /** Unread notifications with the same key collapse into one ("reaction:<postId>", "reply:<threadId>"). */
  collapse_key: string | null;
  /** How many events this notification stands for (collapsed ones count up). */
  count: ColumnType<number, number | undefined, number>;
  created_at: string;
  /** When it last changed (a collapsed event arrived): the list is ordered by this. */
  updated_at: string;
  read_at: string | null;
  /** null: no e-mail wanted; "digest": waits for the daily digest; "digested" / "queued": handled. */
  email_state: string | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  type: string;
  delivery: Delivery;
  updated_at: string;
}

export interface NotificationUserSettingsTable {
  user_id: string;
  /** Minutes before a meeting to remind, comma-separated ("60,1440"); "" for none. */
  reminder_minutes: string;
  /** The last local day (YYYY-MM-DD) a digest was made for this member. */
  last_digest_day: string | null;
  updated_at: string;
}

export type OutboxStatus = "pending" | "sent" | "failed";

/** The delivery columns every outbox has (mail_outbox, push_outbox): one claim-send-retry cycle serves both. */
export interface OutboxDeliveryColumns {
  id: Generated<number>;
  status: ColumnType<OutboxStatus, OutboxStatus | undefined, OutboxStatus>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  /** The worker holding the row, and until when its claim lasts (a crashed worker's claim runs out). */
  claimed_by: string | null;
  claimed_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface MailOutboxTable extends OutboxDeliveryColumns {
  /** Unique per message: queuing the same message twice stores it once. Also the Message-ID's seed. */
  idempotency_key: string;
  user_id: string | null;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  /** JSON object of extra headers (List-Unsubscribe …). */
  headers: ColumnType<string, string | undefined, string>;
}

export type AccountTokenPurpose = "password_reset" | "email_verification";

export interface AccountTokensTable {
  id: Generated<number>;
  user_id: string;
  purpose: AccountTokenPurpose;
  /** SHA-256 (hex) of the secret sent by e-mail; the secret itself is never stored. */
  token_hash: string;
  /** The address the token was sent to (verification proves this one). */
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A sign-up waiting for its e-mailed link (app/models/signup.server.ts): no account exists until then. */
export interface PendingSignupsTable {
  id: Generated<number>;
  /** SHA-256 (hex) of the secret sent by e-mail; the secret itself is never stored. */
  token_hash: string;
  /** Normalised. */
  email: string;
  display_name: string;
  /** argon2id, as in `users`. */
  password_hash: string;
  time_zone: string;
  /** Where to go after joining (a group invite link), or null for the welcome page. */
  redirect_to: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface EmailVerificationsTable {
  user_id: string;
  /** The address that was proven; the account is verified while its e-mail equals this. */
  email: string;
  verified_at: string;
}

export interface MeetingRemindersSentTable {
  user_id: string;
  meeting_id: number;
  /** The occurrence's start instant (ISO UTC). */
  starts_at: string;
  minutes_before: number;
  created_at: string;
}

export interface NotificationTables {
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_user_settings: NotificationUserSettingsTable;
  mail_outbox: MailOutboxTable;
  account_tokens: AccountTokensTable;
  email_verifications: EmailVerificationsTable;
  pending_signups: PendingSignupsTable;
  meeting_reminders_sent: MeetingRemindersSentTable;
}
