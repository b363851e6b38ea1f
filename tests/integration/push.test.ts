/**
 * Web Push through the outbox: a local HTTP server stands in for the push service. What arrives is
 * encrypted for the device (RFC 8291, aes128gcm; decrypted here with the subscription's own keys by
 * http_ece), VAPID-signed, privacy-safe and sent once; a 410 removes the subscription, a 503 is
 * retried; only known push services are accepted, and signing out removes the device.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import ece from "http_ece";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as pushRoute from "../../app/routes/settings.notifications.push/route";
import { addMember } from "../../app/models/groups.server";
import { exportMemberData } from "../../app/models/member-data.server";
import { savePreferences } from "../../app/models/notification-settings.server";
import { forgetVapidKeys, vapidKeys } from "../../app/models/push/keys.server";
import { createPushSender, processPushOutbox } from "../../app/models/push/outbox.server";
import { savePushSubscription } from "../../app/models/push/subscriptions.server";
import { createSession, deleteSession } from "../../app/models/sessions.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { forgetEnv } from "../../app/utils/env.server";
import { makeGroup, makeSignedInUser, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, post } from "../helpers/requests";

const t = useTestDatabase();

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
/** The stand-in push service: answers each path with the status set for it (201 by default). */
const received: Received[] = [];
const answers = new Map<string, number>();
let server: http.Server;
let origin = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(answers.get(req.url ?? "") ?? 201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.HARBOR_PUSH_SERVICES = origin;
  forgetEnv();
});
afterAll(async () => {
  delete process.env.HARBOR_PUSH_SERVICES;
  forgetEnv();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  received.length = 0;
  answers.clear();
  forgetVapidKeys();
});

/** A browser's side of a subscription: its P-256 key pair and auth secret. */
function browserKeys() {
  const ecdh = crypto.createECDH("prime256v1");
  ecdh.generateKeys();
  const authSecret = crypto.randomBytes(16);
  return { ecdh, authSecret, p256dh: ecdh.getPublicKey().toString("base64url"), auth: authSecret.toString("base64url") };
}

/** A member with a thread in a private group, push on for one device (endpoint path given), and a replier. */
async function memberWithDevice(path: string) {
  const group = await makeGroup(t.db, { visibility: "private", name: "Benzo Taper Circle" });
  const { user: author, session, cookie } = await makeSignedInUser(t.db);
  const replier = await makeUser(t.db);
  for (const u of [author, replier]) await addMember(t.db, group.id, u.id);
  const { threadId } = await createThread(t.db, group.id, author.id, { title: "Week two of the taper", body: "Shaky.", clientToken: null });
  const keys = browserKeys();
  const saved = await call(
    pushRoute.action,
    post("/settings/notifications/push", { intent: "subscribe", endpoint: `${origin}${path}`, p256dh: keys.p256dh, auth: keys.auth }, cookie),
  );
  expect(saved.status).toBe(200);
  return { author, session, replier, threadId, keys };
}

const deliver = () => processPushOutbox(t.db, createPushSender(t.db), "test-worker");

describe("push notifications", () => {
  it("a reply reaches the device once, encrypted for it, VAPID-signed, saying nothing of what was written", async () => {
    const { author, replier, threadId, keys } = await memberWithDevice("/device/1");
    await replyToThread(t.db, threadId, replier.id, { body: "You are not alone in this.", clientToken: null });

    expect(await deliver()).toMatchObject({ sent: 1, failed: 0 });
    expect(received).toHaveLength(1);
    const push = received[0]!;
    expect(push.path).toBe("/device/1");
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(Number(push.headers.ttl)).toBeGreaterThan(0);
    // VAPID (RFC 8292): signed for this push service's origin with the site's key pair.
    const { publicKey } = await vapidKeys(t.db);
    const vapid = /^vapid t=([^,]+), k=(.+)$/.exec(String(push.headers.authorization))!;
    expect(vapid[2]).toBe(publicKey);
    const claims = JSON.parse(Buffer.from(vapid[1]!.split(".")[1]!, "base64url").toString()) as { aud: string; sub: string };
    expect(claims.aud).toBe(origin);
    expect(claims.sub).toMatch(/^mailto:/);

    // Only the device's own keys open it (RFC 8291); the body on the wire is ciphertext.
    for (const secret of ["Benzo", "taper", "Week two", "not alone", replier.display_name]) expect(push.body.toString("latin1")).not.toContain(secret);
    const payload = JSON.parse(ece.decrypt(push.body, { version: "aes128gcm", privateKey: keys.ecdh, authSecret: keys.authSecret }).toString("utf8")) as Record<string, string>;
    const notification = await t.db.selectFrom("notifications").select("id").where("user_id", "=", author.id).executeTakeFirstOrThrow();
    expect(payload).toEqual({ title: "Harbor", body: "You have a new reply on Harbor", url: `/notifications/${notification.id}`, tag: `notification-${notification.id}` });
    expect(() => ece.decrypt(push.body, { version: "aes128gcm", privateKey: browserKeys().ecdh, authSecret: keys.authSecret })).toThrow();

    // Sent once: another round, or the same reply's second notification collapsing into the first, sends nothing.
    await replyToThread(t.db, threadId, replier.id, { body: "Another thought.", clientToken: null });
    expect(await deliver()).toMatchObject({ claimed: 0, sent: 0 });
    expect(received).toHaveLength(1);
    const row = await t.db.selectFrom("push_outbox").select(["status", "attempts"]).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "sent", attempts: 1 });
  });

  it("a 410 from the push service removes the subscription and what was queued for it", async () => {
    answers.set("/device/gone", 410);
    const { author, replier, threadId } = await memberWithDevice("/device/gone");
    await replyToThread(t.db, threadId, replier.id, { body: "Hello", clientToken: null });
    expect(await deliver()).toMatchObject({ sent: 0, gone: 1, failed: 0 });
    expect(await t.db.selectFrom("push_subscriptions").select("id").where("user_id", "=", author.id).execute()).toEqual([]);
    expect(await t.db.selectFrom("push_outbox").select("id").execute()).toEqual([]);
  });

  it("a push service that is down is tried again later, and the push arrives once", async () => {
    answers.set("/device/busy", 503);
    const { replier, threadId } = await memberWithDevice("/device/busy");
    await replyToThread(t.db, threadId, replier.id, { body: "Hello", clientToken: null });
    expect(await deliver()).toMatchObject({ sent: 0, failed: 1 });
    const waiting = await t.db.selectFrom("push_outbox").select(["status", "attempts", "last_error", "next_attempt_at"]).executeTakeFirstOrThrow();
    expect(waiting).toMatchObject({ status: "pending", attempts: 1, last_error: "push service answered 503" });
    // Not due yet: nothing is sent until the backoff has passed.
    expect(await deliver()).toMatchObject({ claimed: 0 });
    answers.set("/device/busy", 201);
    const later = new Date(Date.parse(waiting.next_attempt_at) + 1000);
    expect(await processPushOutbox(t.db, createPushSender(t.db), "test-worker", { now: () => later })).toMatchObject({ sent: 1 });
    expect(received.filter((r) => r.path === "/device/busy")).toHaveLength(2);
    expect(await t.db.selectFrom("push_outbox").select("status").executeTakeFirstOrThrow()).toEqual({ status: "sent" });
  });

  it("follows the member's choices: nothing for a kind sent as a daily digest or turned off", async () => {
    const { author, replier, threadId } = await memberWithDevice("/device/digest");
    await savePreferences(t.db, author.id, { reply: "digest" });
    await replyToThread(t.db, threadId, replier.id, { body: "Hello", clientToken: null });
    await savePreferences(t.db, author.id, { reply: "off" });
    await replyToThread(t.db, threadId, replier.id, { body: "Hello again", clientToken: null });
    expect(await t.db.selectFrom("push_outbox").select("id").execute()).toEqual([]);
  });

  it("accepts only real push services' addresses, and keys that can be used", async () => {
    const { cookie, user } = await makeSignedInUser(t.db);
    const keys = browserKeys();
    for (const endpoint of ["http://10.0.0.5/push", "https://169.254.169.254/latest", "https://evil.example/fcm.googleapis.com", "file:///etc/passwd"]) {
      const refused = await call(pushRoute.action, post("/settings/notifications/push", { intent: "subscribe", endpoint, p256dh: keys.p256dh, auth: keys.auth }, cookie));
      expect(refused.status, endpoint).toBe(400);
      expect(refused.body).toMatchObject({ errors: { form: "This browser's push service isn't one Harbor can send to." } });
    }
    const badKey = await call(pushRoute.action, post("/settings/notifications/push", { intent: "subscribe", endpoint: `${origin}/x`, p256dh: "AAAA", auth: keys.auth }, cookie));
    expect(badKey.status).toBe(400);
    expect(await t.db.selectFrom("push_subscriptions").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
    // The browsers' own services are accepted.
    const fcm = await call(
      pushRoute.action,
      post("/settings/notifications/push", { intent: "subscribe", endpoint: "https://fcm.googleapis.com/fcm/send/abc:def", p256dh: keys.p256dh, auth: keys.auth }, cookie),
    );
    expect(fcm.status).toBe(200);
    // Signed out: a visitor is sent to sign in, and nothing is stored.
    const anonymous = await call(pushRoute.action, post("/settings/notifications/push", { intent: "subscribe", endpoint: `${origin}/y`, p256dh: keys.p256dh, auth: keys.auth }));
    expect(anonymous.status).toBe(302);
    expect(await t.db.selectFrom("push_subscriptions").select("endpoint").execute()).toEqual([{ endpoint: "https://fcm.googleapis.com/fcm/send/abc:def" }]);
  });

  it("signing out on the device removes it; a browser that changes hands is the new member's only; turning it off removes it", async () => {
    const { author, session } = await memberWithDevice("/device/mine");
    // The member's data download lists the device (its kind, not its push address or keys).
    const exported = (await exportMemberData(t.db, author.id)) as { pushDevices: { device: string }[] };
    expect(exported.pushDevices).toEqual([expect.objectContaining({ device: "Unknown device" })]);
    expect(JSON.stringify(exported.pushDevices)).not.toContain(origin);
    await deleteSession(t.db, session.id);
    expect(await t.db.selectFrom("push_subscriptions").select("id").where("user_id", "=", author.id).execute()).toEqual([]);

    const keys = browserKeys();
    const endpoint = `${origin}/device/shared`;
    const { session: authorSession } = await createSession(t.db, author.id);
    await savePushSubscription(t.db, { userId: author.id, sessionId: authorSession.id }, { endpoint, p256dh: keys.p256dh, auth: keys.auth });
    const { user: other, session: otherSession, cookie: otherCookie } = await makeSignedInUser(t.db);
    await savePushSubscription(t.db, { userId: other.id, sessionId: otherSession.id }, { endpoint, p256dh: keys.p256dh, auth: keys.auth });
    expect(await t.db.selectFrom("push_subscriptions").select("user_id").execute()).toEqual([{ user_id: other.id }]);

    const off = await call(pushRoute.action, post("/settings/notifications/push", { intent: "unsubscribe", endpoint }, otherCookie));
    expect(off.status).toBe(200);
    expect(await t.db.selectFrom("push_subscriptions").select("id").execute()).toEqual([]);
  });

  it("makes the site's key pair once and keeps it, its private half sealed", async () => {
    const first = await vapidKeys(t.db);
    forgetVapidKeys();
    const second = await vapidKeys(t.db);
    expect(second).toEqual(first);
    expect(Buffer.from(first.publicKey, "base64url")).toHaveLength(65);
    const stored = await t.db.selectFrom("site_settings").select("value").where("key", "=", "push_vapid_keys").executeTakeFirstOrThrow();
    expect(stored.value).toContain(first.publicKey);
    expect(stored.value).not.toContain(first.privateKey);
  });
});
