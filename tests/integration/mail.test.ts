/**
 * Durable e-mail over real SMTP: an in-process SMTP server receives what the outbox sends. What
 * arrives (recipient, a subject without private content, the unsubscribe headers, links that work),
 * retries after an outage with every message arriving exactly once, claims that never overlap,
 * the local-folder fallback, and one-click unsubscribe.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as unsubscribePage from "../../app/routes/unsubscribe/route";
import * as openPage from "../../app/routes/notifications.$id/route";
import { addMember } from "../../app/models/groups.server";
import { createSession } from "../../app/models/sessions.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { getMailConfig, type MailConfig } from "../../app/models/mail/config.server";
import { claimDue, enqueueMail, LEASE_MS, markSent, processOutbox } from "../../app/models/mail/outbox.server";
import { createMailSender } from "../../app/models/mail/transport.server";
import { getPreferences } from "../../app/models/notification-settings.server";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, BASE } from "../helpers/requests";
import { startTestSmtp, type TestSmtp } from "../helpers/smtp";

const t = useTestDatabase();
let smtp: TestSmtp;
let config: MailConfig;

beforeAll(async () => {
  smtp = await startTestSmtp();
  config = { ...getMailConfig({}), smtp: { host: "127.0.0.1", port: smtp.port, secure: false, user: null, password: null }, from: "Harbor <no-reply@harbor.test>" };
});
afterAll(() => smtp.stop());

const later = (ms: number) => new Date(Date.now() + ms);

describe("notification e-mail over SMTP", () => {
  it("a reply in a private group arrives with a private envelope, an unsubscribe header and a working link", async () => {
    const group = await makeGroup(t.db, { visibility: "private", name: "Benzo Taper Circle" });
    const author = await makeUser(t.db);
    const replier = await makeUser(t.db);
    for (const u of [author, replier]) await addMember(t.db, group.id, u.id);
    const { threadId } = await createThread(t.db, group.id, author.id, { title: "Week two of the taper", body: "Shaky.", clientToken: null });
    await replyToThread(t.db, threadId, replier.id, { body: "You are not alone in this.", clientToken: null });
    const sender = createMailSender(config);
    const result = await processOutbox(t.db, sender, "test-worker");
    sender.close();
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const mail = smtp.received.find((m) => m.to.includes(author.email))!;
    expect(mail).toBeDefined();
    expect(mail.header("subject")).toBe("You have a new reply on Harbor");
    for (const secret of ["Benzo", "taper", "Week two", "not alone"]) expect(mail.raw).not.toContain(secret);
    const listUnsubscribe = mail.header("list-unsubscribe")!;
    expect(listUnsubscribe).toMatch(/^<http:\/\/localhost:\d+\/unsubscribe\?u=/);
    expect(mail.header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    // The "open it" link leads (after sign-in) to the reply.
    const link = /http:\/\/localhost:\d+(\/notifications\/\d+)/.exec(mail.raw)![1]!;
    const { token } = await createSession(t.db, author.id);
    const opened = await call(openPage.loader, get(link, `harbor_session=${token}`), { id: link.split("/").pop()! });
    expect(opened.headers.get("Location")).toBe(`/groups/${group.slug}/threads/${threadId}?page=1#post-1`);
    // The one-click POST from the mail program, without a session, turns reply e-mails off.
    const unsubscribeUrl = new URL(listUnsubscribe.slice(1, -1));
    const oneClick = new Request(`${BASE}${unsubscribeUrl.pathname}${unsubscribeUrl.search}`, {
      method: "POST",
      body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect((await call(unsubscribePage.action, oneClick)).status).toBe(200);
    expect((await getPreferences(t.db, author.id)).reply).toBe("in_app");
  });

  it("after an SMTP outage mid-batch, every message arrives exactly once", async () => {
    const before = smtp.received.length;
    const users = await Promise.all(Array.from({ length: 6 }, () => makeUser(t.db)));
    for (const [i, u] of users.entries()) {
      await enqueueMail(t.db, { idempotencyKey: `outage:${i}`, userId: u.id, to: u.email, subject: "Hello", text: "Hi", html: "<p>Hi</p>" });
    }
    // Queuing the same message again stores nothing new.
    expect(await enqueueMail(t.db, { idempotencyKey: "outage:0", userId: users[0]!.id, to: users[0]!.email, subject: "Hello", text: "Hi", html: "<p>Hi</p>" })).toBe(false);
    const real = createMailSender(config);
    let delivered = 0;
    // The server goes down after the third message of the batch.
    const flaky = {
      async send(row: Parameters<typeof real.send>[0]) {
        await real.send(row);
        delivered++;
        if (delivered === 3) await smtp.stop();
      },
    };
    const first = await processOutbox(t.db, flaky, "worker-a");
    expect(first).toMatchObject({ sent: 3, failed: 3 });
    // Nothing is retried before its backoff has passed.
    expect((await processOutbox(t.db, flaky, "worker-a")).claimed).toBe(0);
    await smtp.start();
    const second = await processOutbox(t.db, flaky, "worker-a", { now: () => later(10 * 60_000) });
    expect(second).toMatchObject({ sent: 3, failed: 0 });
    real.close();
    const arrived = smtp.received.slice(before);
    expect(arrived).toHaveLength(6);
    expect(new Set(arrived.map((m) => m.to[0])).size).toBe(6);
    expect(new Set(arrived.map((m) => m.header("message-id"))).size).toBe(6);
    const rows = await t.db.selectFrom("mail_outbox").select(["status", "attempts", "last_error"]).where("idempotency_key", "like", "outage:%").execute();
    expect(rows.every((r) => r.status === "sent")).toBe(true);
  });

  it("two workers never claim the same message, and a crashed worker's claim runs out", async () => {
    for (let i = 0; i < 10; i++) await enqueueMail(t.db, { idempotencyKey: `claims:${i}`, userId: null, to: `c${i}@harbor.test`, subject: "s", text: "t", html: "h" });
    const [a, b] = await Promise.all([claimDue(t.db, "worker-a", 10), claimDue(t.db, "worker-b", 10)]);
    const ids = [...a, ...b].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(10);
    // Both "crash" without sending: nobody can claim until the lease ends, then one worker does.
    expect(await claimDue(t.db, "worker-c", 10)).toHaveLength(0);
    const afterLease = await claimDue(t.db, "worker-c", 50, later(LEASE_MS + 1000));
    expect(afterLease.map((r) => r.id).sort()).toEqual([...ids].sort());
    // The crashed worker, back, cannot mark a message it no longer holds; the holder can.
    const stale = a[0] ? { id: a[0].id, by: "worker-a" } : { id: b[0]!.id, by: "worker-b" };
    await markSent(t.db, stale.id, stale.by);
    expect((await t.db.selectFrom("mail_outbox").select("status").where("id", "=", stale.id).executeTakeFirstOrThrow()).status).toBe("pending");
    for (const row of afterLease) await markSent(t.db, row.id, "worker-c");
    expect((await t.db.selectFrom("mail_outbox").select("status").where("id", "=", stale.id).executeTakeFirstOrThrow()).status).toBe("sent");
  });
});

describe("without SMTP configuration", () => {
  it("writes each e-mail as an .eml file to the mail folder", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-mail-"));
    const folder = createMailSender({ ...config, smtp: null, mailDir: dir });
    expect(folder.kind).toBe("folder");
    await enqueueMail(t.db, {
      idempotencyKey: "folder:1",
      userId: null,
      to: "reader@harbor.test",
      subject: "Reset your Harbor password",
      text: "Follow http://localhost:3000/reset",
      html: "<p>x</p>",
      headers: { "List-Unsubscribe": "<http://localhost:3000/unsubscribe>" },
    });
    await processOutbox(t.db, folder, "folder-worker");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".eml"));
    expect(files).toHaveLength(1);
    const text = fs.readFileSync(path.join(dir, files[0]!), "utf8");
    expect(text).toContain("To: reader@harbor.test");
    expect(text).toContain("Subject: Reset your Harbor password");
    expect(text).toContain("http://localhost:3000/reset");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("makes the folder and its files readable by the server's own user only", async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-mail-"));
    const dir = path.join(parent, "mail");
    fs.mkdirSync(dir, { mode: 0o755 }); // as an older Harbor left it
    fs.chmodSync(dir, 0o755);
    const folder = createMailSender({ ...config, smtp: null, mailDir: dir });
    await enqueueMail(t.db, {
      idempotencyKey: "folder:private",
      userId: null,
      to: "private@harbor.test",
      subject: "Your link",
      text: "http://localhost:3000/reset-password/secret",
      html: "<p>x</p>",
      headers: {},
    });
    await processOutbox(t.db, folder, "folder-worker-2");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".eml"));
    expect(files.length).toBeGreaterThan(0);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const file of files) expect(fs.statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    fs.rmSync(parent, { recursive: true, force: true });
  });
});

describe("unsubscribe links", () => {
  it("asks before changing anything on GET, and refuses tampered links with a clear 400", async () => {
    const { unsubscribeUrl } = await import("../../app/models/mail/compose.server");
    const u = await makeUser(t.db);
    const url = new URL(await unsubscribeUrl(t.db, u.id, "mention"));
    const page = await call<{ what: string }>(unsubscribePage.loader, get(`${url.pathname}${url.search}`));
    expect(page.status).toBe(200);
    expect(page.body.what).toBe("mentions");
    expect((await getPreferences(t.db, u.id)).mention).toBe("email");
    const tampered = new URL(url);
    tampered.searchParams.set("t", "reply");
    expect((await call(unsubscribePage.loader, get(`${tampered.pathname}${tampered.search}`))).status).toBe(400);
    const forged = new URL(url);
    forged.searchParams.set("s", "x".repeat(43));
    const post = new Request(`${BASE}${forged.pathname}${forged.search}`, {
      method: "POST",
      body: new URLSearchParams({ "List-Unsubscribe": "One-Click" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect((await call(unsubscribePage.action, post)).status).toBe(400);
    expect((await getPreferences(t.db, u.id)).mention).toBe("email");
    // "Stop all" from the page's second button.
    const all = new Request(`${BASE}${url.pathname}${url.search}`, {
      method: "POST",
      body: new URLSearchParams({ scope: "all" }),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect((await call(unsubscribePage.action, all)).status).toBe(200);
    const prefs = await getPreferences(t.db, u.id);
    expect(Object.values(prefs).includes("email")).toBe(false);
  });
});

describe("the worker", () => {
  it("one round runs the scheduled jobs, then sends what they queued; a failing sender never throws", async () => {
    const { startMailWorker, addScheduledJob } = await import("../../app/models/mail/worker.server");
    const u = await makeUser(t.db);
    let jobRuns = 0;
    addScheduledJob(async (db) => {
      jobRuns++;
      await enqueueMail(db, { idempotencyKey: `job:${u.id}`, userId: u.id, to: u.email, subject: "From a job", text: "t", html: "h" });
    }, 60_000);
    const sent: string[] = [];
    const lines: string[] = [];
    const worker = startMailWorker(t.db, { config, intervalMs: 60_000, log: (l) => lines.push(l), sender: { send: async (row) => void sent.push(row.subject) } });
    const first = await worker.tick();
    expect(jobRuns).toBe(1);
    expect(sent).toContain("From a job");
    expect(first.sent).toBeGreaterThanOrEqual(1);
    // Jobs keep their own pace; logs carry counts only, never addresses or subjects.
    await worker.tick();
    expect(jobRuns).toBe(1);
    expect(lines.join("\n")).not.toContain(u.email);
    expect(lines.join("\n")).not.toContain("From a job");
    await worker.stop();

    await enqueueMail(t.db, { idempotencyKey: `down:${u.id}`, userId: u.id, to: u.email, subject: "Down", text: "t", html: "h" });
    const broken = startMailWorker(t.db, {
      config,
      intervalMs: 60_000,
      log: () => {},
      sender: {
        send: async () => {
          throw new Error("connect ECONNREFUSED 127.0.0.1:25");
        },
      },
    });
    await expect(broken.tick()).resolves.toMatchObject({ failed: 1 });
    await broken.stop();
    const row = await t.db.selectFrom("mail_outbox").select(["status", "attempts", "last_error"]).where("idempotency_key", "=", `down:${u.id}`).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "pending", attempts: 1, last_error: "connect ECONNREFUSED 127.0.0.1:25" });
  });
});
