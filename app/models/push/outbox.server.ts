/**
 * Push deliveries through the durable outbox (the same claim-send-retry cycle as e-mail, see
 * app/models/mail/outbox.server.ts): notify() queues one row per device of the member in the same
 * transaction as the notification; the mail worker sends what is due. Each row has an idempotency
 * key, so a notification reaches a device once; a failed send is retried with backoff.
 *
 * What is sent is encrypted for the browser (RFC 8291, aes128gcm, by the web-push package) and
 * says only what an e-mail subject says: "You have a new reply on Harbor" — never what was
 * written, who wrote it, or a group's name. A push service answering 404 or 410 says the
 * subscription is gone: it is deleted (with anything still queued for it).
 */
import webpush from "web-push";
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../../../db/schema";
import type { PushOutboxTable } from "../../../db/schema/push";
import { now as clockNow } from "../../utils/clock.server";
import { claimDueIn, markFailed, markSent, newOutboxRow } from "../mail/outbox.server";
import { vapidKeys, type VapidKeys } from "./keys.server";

export type PushRow = Selectable<PushOutboxTable>;

export interface PushMessage {
  /** The site's name. */
  title: string;
  /** A general sentence, like an e-mail subject. */
  body: string;
  /** Where a tap leads: always a Harbor path (the notification, which checks access again). */
  url: string;
  /** A newer message with the same tag replaces an older one on the device. */
  tag: string;
}

/** How long a push service keeps trying to reach a device that is off: a day. */
const TTL_SECONDS = 24 * 60 * 60;
const SEND_TIMEOUT_MS = 15_000;

/** Queues `message` for each of the member's devices with push on. Returns how many were queued. */
export async function queuePush(db: Kysely<Database>, userId: string, key: string, message: PushMessage, now = clockNow()): Promise<number> {
  const devices = await db.selectFrom("push_subscriptions").select("id").where("user_id", "=", userId).execute();
  if (devices.length === 0) return 0;
  const iso = now.toISOString();
  const result = await db
    .insertInto("push_outbox")
    .values(
      devices.map((d) => ({
        idempotency_key: `${key}:${d.id}`,
        subscription_id: d.id,
        payload: JSON.stringify(message),
        topic: null,
        ...newOutboxRow(iso),
      })),
    )
    .onConflict((oc) => oc.column("idempotency_key").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export interface PushSender {
  /** Sends one row; resolves "gone" when the push service says the subscription has ended. */
  send(row: PushRow): Promise<"sent" | "gone">;
}

export class PushServiceError extends Error {}

/** Sends through each device's push service: VAPID-signed, the payload encrypted with the device's keys. */
export function createPushSender(db: Kysely<Database>, options: { keys?: VapidKeys; fetch?: typeof fetch } = {}): PushSender {
  const send = options.fetch ?? fetch;
  return {
    async send(row) {
      const sub = await db.selectFrom("push_subscriptions").selectAll().where("id", "=", row.subscription_id).executeTakeFirst();
      if (!sub) return "gone";
      const keys = options.keys ?? (await vapidKeys(db));
      const request = webpush.generateRequestDetails({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, row.payload, {
        vapidDetails: keys,
        TTL: TTL_SECONDS,
        contentEncoding: "aes128gcm",
        urgency: "normal",
        ...(row.topic ? { topic: row.topic } : {}),
      });
      const response = await send(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body ? new Uint8Array(request.body) : undefined,
        redirect: "error",
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (response.status === 404 || response.status === 410) {
        // The browser unsubscribed, or the subscription expired: never send to it again.
        await db.deleteFrom("push_subscriptions").where("id", "=", sub.id).execute();
        return "gone";
      }
      if (!response.ok) throw new PushServiceError(`push service answered ${response.status}`);
      await db.updateTable("push_subscriptions").set({ last_sent_at: clockNow().toISOString() }).where("id", "=", sub.id).execute();
      return "sent";
    },
  };
}

/** Sends what is due in the push outbox. A failure of one delivery never stops the others, and never throws. */
export async function processPushOutbox(db: Kysely<Database>, sender: PushSender, workerId: string, options: { batch?: number; now?: () => Date } = {}) {
  const at = options.now ?? clockNow;
  const rows = await claimDueIn(db, "push_outbox", workerId, options.batch ?? 20, at());
  let sent = 0;
  let gone = 0;
  let failed = 0;
  for (const row of rows) {
    let outcome: "sent" | "gone";
    try {
      outcome = await sender.send(row);
    } catch (error) {
      failed++;
      await markFailed(db, row, workerId, error instanceof Error ? error.message : String(error), at(), "push_outbox");
      continue;
    }
    if (outcome === "gone") gone++;
    else sent++;
    // A gone subscription took its queued rows with it; this updates nothing then.
    await markSent(db, row.id, workerId, at(), "push_outbox");
  }
  return { claimed: rows.length, sent, gone, failed };
}
