/**
 * The durable outbox. A message is stored in the same transaction as the event that caused it
 * (enqueueMail(tx, …)); a worker sends it after commit. Each message has an idempotency key (queuing
 * it twice stores it once) and a Message-ID derived from that key. Workers claim messages with a
 * lease: only one worker holds a message at a time (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite
 * has one writer at a time), and a worker that dies mid-send loses its claim when the lease ends.
 * A failed send is retried with exponential backoff; after MAX_ATTEMPTS it is marked failed.
 */
import { createHash } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../../../db/schema";
import type { MailOutboxTable, OutboxDeliveryColumns } from "../../../db/schema/notifications";
import { dialectOf } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";

export type OutboxRow = Selectable<MailOutboxTable>;

export interface OutgoingMail {
  idempotencyKey: string;
  userId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

export const MAX_ATTEMPTS = 10;
export const LEASE_MS = 2 * 60_000;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

export function backoffMs(attempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

/** Stores a message for sending. Returns false when a message with this key was queued before. */
export async function enqueueMail(db: Kysely<Database>, mail: OutgoingMail, now = clockNow()): Promise<boolean> {
  const iso = now.toISOString();
  const result = await db
    .insertInto("mail_outbox")
    .values({
      idempotency_key: mail.idempotencyKey,
      user_id: mail.userId,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      headers: JSON.stringify(mail.headers ?? {}),
      ...newOutboxRow(iso),
    })
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * The outboxes that share this module's claim-send-retry cycle: e-mail (mail_outbox) and push
 * deliveries (push_outbox, app/models/push/outbox.server.ts). Both have the same lease columns.
 */
export type OutboxTable = "mail_outbox" | "push_outbox";

/** A new outbox row's delivery columns: due at once, unclaimed, never tried, not sent. */
export function newOutboxRow(iso: string) {
  return { next_attempt_at: iso, claimed_by: null, claimed_until: null, last_error: null, created_at: iso, sent_at: null };
}

/** Queries below see only the delivery columns (one typed view of either table). */
type LeaseDatabase = Record<OutboxTable, OutboxDeliveryColumns>;
const leaseView = (db: Kysely<Database>) => db as unknown as Kysely<LeaseDatabase>;

/** Claims up to `limit` due messages for this worker. Two workers never hold the same message. */
export async function claimDue(db: Kysely<Database>, workerId: string, limit: number, now = clockNow()): Promise<OutboxRow[]> {
  return claimDueIn(db, "mail_outbox", workerId, limit, now);
}

/** claimDue for any outbox table. */
export async function claimDueIn<T extends OutboxTable>(db: Kysely<Database>, table: T, workerId: string, limit: number, now = clockNow()): Promise<Selectable<Database[T]>[]> {
  const iso = now.toISOString();
  const until = new Date(now.getTime() + LEASE_MS).toISOString();
  const view = leaseView(db);
  const due = (q: Kysely<LeaseDatabase>) => {
    let select = q
      .selectFrom(table as OutboxTable)
      .select("id")
      .where("status", "=", "pending")
      .where("next_attempt_at", "<=", iso)
      .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", iso)]))
      .orderBy("next_attempt_at")
      .orderBy("id")
      .limit(limit);
    if (dialectOf(db) === "postgres") select = select.forUpdate().skipLocked();
    return select;
  };
  const rows = await view
    .updateTable(table as OutboxTable)
    .set({ claimed_by: workerId, claimed_until: until })
    .where("id", "in", due(view))
    // Checked again on the row itself: a claim taken meanwhile by another worker stays theirs.
    .where("status", "=", "pending")
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", iso)]))
    .returningAll()
    .execute();
  return rows as unknown as Selectable<Database[T]>[];
}

export async function markSent(db: Kysely<Database>, id: number, workerId: string, now = clockNow(), table: OutboxTable = "mail_outbox"): Promise<void> {
  await leaseView(db)
    .updateTable(table)
    .set((eb) => ({ status: "sent" as const, sent_at: now.toISOString(), claimed_until: null, attempts: eb("attempts", "+", 1), last_error: null }))
    .where("id", "=", id)
    .where("claimed_by", "=", workerId)
    .execute();
}

export async function markFailed(
  db: Kysely<Database>,
  row: { id: number; attempts: number },
  workerId: string,
  error: string,
  now = clockNow(),
  table: OutboxTable = "mail_outbox",
): Promise<void> {
  const attempts = row.attempts + 1;
  await leaseView(db)
    .updateTable(table)
    .set({
      attempts,
      status: attempts >= MAX_ATTEMPTS ? "failed" : "pending",
      next_attempt_at: new Date(now.getTime() + backoffMs(attempts)).toISOString(),
      claimed_until: null,
      last_error: error.slice(0, 500),
    })
    .where("id", "=", row.id)
    .where("claimed_by", "=", workerId)
    .execute();
}

/** A stable Message-ID for a message: the same key always gives the same id (receivers drop repeats). */
export function messageIdFor(idempotencyKey: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "harbor.localhost";
  return `<${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 40)}@${domain}>`;
}

export interface MailSender {
  send(row: OutboxRow): Promise<void>;
}

/**
 * Sends what is due, one message at a time. Returns how many were sent and how many failed (to be
 * retried later). A failure of one message never stops the others, and never throws.
 */
export async function processOutbox(db: Kysely<Database>, sender: MailSender, workerId: string, options: { batch?: number; now?: () => Date } = {}) {
  const at = options.now ?? clockNow;
  const rows = await claimDue(db, workerId, options.batch ?? 20, at());
  let sent = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      await sender.send(row);
    } catch (error) {
      failed++;
      await markFailed(db, row, workerId, error instanceof Error ? error.message : String(error), at());
      continue;
    }
    sent++;
    await markSent(db, row.id, workerId, at());
  }
  return { claimed: rows.length, sent, failed };
}

/** For the admin page: how the outbox is doing (counts, the oldest waiting message, the last error). */
export async function outboxStatus(db: Kysely<Database>) {
  const counts = await db
    .selectFrom("mail_outbox")
    .select(["status", db.fn.countAll<number>().as("count")])
    .groupBy("status")
    .execute();
  const byStatus: Record<OutboxRow["status"], number> = { pending: 0, sent: 0, failed: 0 };
  for (const c of counts) if (c.status in byStatus) byStatus[c.status] = Number(c.count);
  const oldest = await db
    .selectFrom("mail_outbox")
    .select(["created_at", "attempts", "last_error"])
    .where("status", "=", "pending")
    .orderBy("next_attempt_at")
    .limit(1)
    .executeTakeFirst();
  return { ...byStatus, oldestPending: oldest?.created_at ?? null, lastError: oldest?.last_error ?? null };
}
