import type { ColumnType, Generated } from "kysely";
import type { OutboxDeliveryColumns } from "./notifications";

/** A browser on one of a member's devices that turned on push notifications (docs/notifications-and-email.md, "Push"). */
export interface PushSubscriptionsTable {
  id: Generated<number>;
  user_id: string;
  /** The session it was made in: signing out there (or the session ending) removes it. */
  session_id: string;
  /** The push service's address for this browser (unique). */
  endpoint: string;
  /** The browser's P-256 public key and auth secret (base64url), for RFC 8291 encryption. */
  p256dh: string;
  auth: string;
  /** "Chrome on Android": for the member's own list of devices. */
  user_agent: ColumnType<string, string | undefined, string>;
  created_at: string;
  last_sent_at: string | null;
}

/** One notification for one device, sent once by a worker, retried with backoff (like mail_outbox). */
export interface PushOutboxTable extends OutboxDeliveryColumns {
  /** `notification:<id>:<subscription id>`: queuing it twice stores it once. */
  idempotency_key: string;
  subscription_id: number;
  /** JSON { title, body, url, tag }: general words only, never what was written. */
  payload: string;
  /** The push service may replace an undelivered message with a newer one of the same topic. */
  topic: string | null;
}

export interface PushTables {
  push_subscriptions: PushSubscriptionsTable;
  push_outbox: PushOutboxTable;
}
