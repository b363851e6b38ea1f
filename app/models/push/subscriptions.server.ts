/**
 * The devices a member turned push notifications on for (Settings → Notifications, "On this
 * device"). A subscription belongs to the session that made it: signing out there, or the session
 * ending, removes it (the foreign key cascades), so a shared or handed-on device stops receiving a
 * member's notifications once they are signed out of it.
 *
 * The endpoint is an address Harbor's server will POST to, given by the browser, so it must be a
 * real push service's: the big browsers' services are known; HARBOR_PUSH_SERVICES adds others
 * (a self-hosted one, or the tests' stand-in). Anything else is refused: no requests to addresses
 * a member made up (the server's own network, say).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { harborEnv } from "../../utils/env.server";
import { now as clockNow } from "../../utils/clock.server";
import { describeUserAgent } from "../../utils/user-agent";

/** The push services of Chrome/Edge/Opera/Samsung (FCM), Firefox (Mozilla autopush), Safari (Apple) and Windows (WNS). */
const KNOWN_PUSH_HOSTS = [
  /^fcm\.googleapis\.com$/,
  /^android\.googleapis\.com$/,
  /^updates\.push\.services\.mozilla\.com$/,
  /^([a-z0-9-]+\.)*push\.apple\.com$/,
  /^[a-z0-9-]+\.notify\.windows\.com$/,
];
const MAX_ENDPOINT = 1000;

export interface NewPushSubscription {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export class PushSubscriptionError extends Error {}

/** Whether Harbor may send to this endpoint: https on a known push service, or an origin in HARBOR_PUSH_SERVICES. */
export function isAllowedEndpoint(endpoint: string, extraOrigins = harborEnv().HARBOR_PUSH_SERVICES): boolean {
  if (endpoint.length > MAX_ENDPOINT) return false;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const extra = (extraOrigins ?? "")
    .split(",")
    .map((o) => o.trim().replace(/\/+$/, ""))
    .filter(Boolean);
  if (extra.includes(url.origin)) return true;
  return url.protocol === "https:" && (url.port === "" || url.port === "443") && KNOWN_PUSH_HOSTS.some((host) => host.test(url.hostname));
}

/** base64url that decodes to `bytes` bytes (and, for a P-256 public key, an uncompressed point). */
function keyOk(value: string, bytes: number): boolean {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return false;
  const raw = Buffer.from(value, "base64url");
  return raw.length === bytes && (bytes !== 65 || raw[0] === 4);
}

/** Checks what a browser sent; throws PushSubscriptionError with a plain sentence when it cannot be used. */
export function checkSubscription(input: NewPushSubscription): NewPushSubscription {
  if (!isAllowedEndpoint(input.endpoint)) throw new PushSubscriptionError("This browser's push service isn't one Harbor can send to.");
  if (!keyOk(input.p256dh, 65) || !keyOk(input.auth, 16)) throw new PushSubscriptionError("This browser sent push keys Harbor can't use. Please try again.");
  return input;
}

/**
 * Turns push on for this device: stores (or takes over) the subscription for this member and
 * session. A browser has one endpoint; if another member had it before (a shared device), it is
 * theirs no longer.
 */
export async function savePushSubscription(
  db: Kysely<Database>,
  owner: { userId: string; sessionId: string; userAgent?: string | null },
  input: NewPushSubscription,
  now = clockNow(),
): Promise<void> {
  const sub = checkSubscription(input);
  const values = { user_id: owner.userId, session_id: owner.sessionId, p256dh: sub.p256dh, auth: sub.auth, user_agent: describeUserAgent(owner.userAgent) };
  await db
    .insertInto("push_subscriptions")
    .values({ ...values, endpoint: sub.endpoint, created_at: now.toISOString(), last_sent_at: null })
    .onConflict((oc) => oc.column("endpoint").doUpdateSet({ ...values, created_at: now.toISOString() }))
    .execute();
}

/** Turns push off for this device (its endpoint), for this member only. */
export async function removePushSubscription(db: Kysely<Database>, userId: string, endpoint: string): Promise<void> {
  await db.deleteFrom("push_subscriptions").where("user_id", "=", userId).where("endpoint", "=", endpoint).execute();
}

/** Turns push off for every device of the session (this device, when the browser's subscription is unknown). */
export async function removeSessionSubscriptions(db: Kysely<Database>, userId: string, sessionId: string): Promise<void> {
  await db.deleteFrom("push_subscriptions").where("user_id", "=", userId).where("session_id", "=", sessionId).execute();
}

/** The member's devices with push on, newest first; `thisDevice` marks those of the current session. */
export async function listPushDevices(db: Kysely<Database>, userId: string, sessionId: string) {
  const rows = await db
    .selectFrom("push_subscriptions")
    .select(["id", "user_agent", "created_at", "session_id"])
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((r) => ({ id: r.id, device: r.user_agent, since: r.created_at, thisDevice: r.session_id === sessionId }));
}

/** For "download my data": the devices with push on (what kind of device, since when; not the push service's address or keys). */
export async function exportPushDevices(db: Kysely<Database>, userId: string) {
  const rows = await db.selectFrom("push_subscriptions").select(["user_agent", "created_at", "last_sent_at"]).where("user_id", "=", userId).orderBy("created_at").execute();
  return rows.map((r) => ({ device: r.user_agent, since: r.created_at, lastNotified: r.last_sent_at }));
}
