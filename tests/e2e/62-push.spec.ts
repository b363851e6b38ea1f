// Web Push end to end (docs/app-and-offline.md): a member has push on for a device, another member
// replies to her thread through the page, and the running server's worker sends the push to the
// device's push service — here a local HTTP server the test runs, since headless Chromium can't
// subscribe at a real one. The test opens the message with the device's own keys (RFC 8291,
// aes128gcm, by http_ece) and finds only an e-mail subject's words; a push service answering 410
// ends the subscription. The encryption details, VAPID, retries and the allow-list are covered on
// both databases in tests/integration/push.test.ts.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import ece from "http_ece";
import { e2eDatabase, expect, fastTest as test, makeMember, uniqueSuffix } from "./fixtures";
import { makeGroup, makePushSubscription, makeThread } from "./data";

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A stand-in push service on a free local port: records each request and answers with `status`. */
async function standInPushService(status: number) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A browser's side of a subscription: its P-256 key pair and auth secret. */
function deviceKeys() {
  const ecdh = crypto.createECDH("prime256v1");
  ecdh.generateKeys();
  const authSecret = crypto.randomBytes(16);
  return { ecdh, authSecret, p256dh: ecdh.getPublicKey().toString("base64url"), auth: authSecret.toString("base64url") };
}

/** A thread by a member with push on for one device, in a private group; another member replies through the page. */
async function replyToThreadWithDevice(pushServiceOrigin: string, browserAs: (who: { id: string }) => Promise<import("@playwright/test").Page>) {
  const author = await makeMember("Author");
  const replier = await makeMember("Replier");
  const group = await makeGroup({ visibility: "private", members: [author, replier], label: "Taper Circle" });
  const thread = await makeThread(group, author, "Week two of the taper", "Shaky tonight, and the evenings are long.");
  const keys = deviceKeys();
  const devicePath = `/device/${uniqueSuffix()}`;
  const subscriptionId = await makePushSubscription(author, `${pushServiceOrigin}${devicePath}`, keys);

  const page = await browserAs(replier);
  await page.goto(thread.path);
  await page.getByLabel("Your reply").fill("A warm bath and an early night. You're doing well.");
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.locator("#post-1")).toContainText("A warm bath");
  return { author, replier, group, keys, devicePath, subscriptionId };
}

test("a reply to a member's thread reaches her device as an encrypted push saying only that there is a reply", async ({ browserAs }) => {
  const service = await standInPushService(201);
  try {
    const { author, replier, group, keys, devicePath } = await replyToThreadWithDevice(service.origin, browserAs);
    // The server's worker sends it on its next round: no waiting beyond that.
    await expect.poll(() => service.received.length).toBe(1);
    const push = service.received[0]!;
    expect(push.path).toBe(devicePath);
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(String(push.headers.authorization)).toMatch(/^vapid t=[^,]+, k=[A-Za-z0-9_-]+$/);

    // On the wire it is ciphertext; the device's keys open it.
    const wire = push.body.toString("latin1");
    for (const secret of ["taper", "Week two", "warm bath", replier.displayName, group.name]) expect(wire).not.toContain(secret);
    const text = ece.decrypt(push.body, { version: "aes128gcm", privateKey: keys.ecdh, authSecret: keys.authSecret }).toString("utf8");
    const db = await e2eDatabase();
    const notification = await db.selectFrom("notifications").select("id").where("user_id", "=", author.id).executeTakeFirstOrThrow();
    expect(JSON.parse(text)).toEqual({ title: "Harbor", body: "You have a new reply on Harbor", url: `/notifications/${notification.id}`, tag: `notification-${notification.id}` });
    for (const secret of ["taper", "Shaky", "warm bath", replier.displayName, group.name]) expect(text).not.toContain(secret);
  } finally {
    await service.close();
  }
});

test("a push service answering 410 Gone ends the device's subscription", async ({ browserAs }) => {
  const service = await standInPushService(410);
  try {
    const { subscriptionId } = await replyToThreadWithDevice(service.origin, browserAs);
    await expect.poll(() => service.received.length).toBe(1);
    const db = await e2eDatabase();
    await expect.poll(async () => (await db.selectFrom("push_subscriptions").select("id").where("id", "=", subscriptionId).execute()).length).toBe(0);
    expect(await db.selectFrom("push_outbox").select("id").where("subscription_id", "=", subscriptionId).execute()).toEqual([]);
  } finally {
    await service.close();
  }
});
