/**
 * The one entry point other areas call to tell a member something ("a reply to your thread",
 * "a moderator's warning", "your milestone"). The notifications issue owns this file: it stores the
 * notification, applies the member's preferences and queues e-mail. Callers pass what happened and
 * where; they never build messages or decide about e-mail themselves.
 *
 * Call it inside the caller's transaction (pass the transaction as `db`) so a notification exists
 * exactly when the thing it announces does.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export type NotificationType =
  | "reply" // a reply in a thread you started or posted in
  | "quote" // a post of yours quoted
  | "mention" // your display name @mentioned
  | "reaction" // reactions on your post (collapsed per post)
  | "join_request_decision" // your request to join a private group was approved or declined
  | "moderator_warning" // a moderator warned you privately (data.reason)
  | "report_outcome" // the report you made was handled (data.outcome, in general terms)
  | "post_approved" // a post of yours held for approval was published
  | "post_hidden" // a post of yours was hidden by a moderator (data.reason)
  | "sanction" // you were muted / banned in a group or suspended (data.kind, data.until, data.reason)
  | "meeting_reminder" // a meeting you RSVP'd to starts soon (meetingId, data.startsAt)
  | "meeting_change" // a meeting you RSVP'd to was cancelled or moved (meetingId, data)
  | "milestone"; // you reached a milestone (private: data.label, data.trackerId)

export interface NotifyInput {
  /** Who receives it. */
  userId: string;
  type: NotificationType;
  /** Who caused it, if a member did (never shown for moderator actions). */
  actorId?: string | null;
  groupId?: number | null;
  threadId?: number | null;
  postId?: number | null;
  meetingId?: number | null;
  /** Small JSON-serialisable details the message needs (reason, outcome, label …). */
  data?: Record<string, string | number | boolean | null>;
}

/** Placeholder until the notifications issue lands: accepts the call and stores nothing yet. */
export async function notify(_db: Kysely<Database>, _input: NotifyInput): Promise<void> {}
