/**
 * The server's guards before any route (app/utils/request-guards.server.ts), on a real HTTP server:
 * the body limit holds on the bytes read (a chunked body cannot stream past it), a route with its
 * own limit hears about an oversized body instead of a generic page, a body that is not readable
 * form data gets 400, and a flood of POSTs from one address gets 429.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { bodyMiddleware, postRateMiddleware, signInGateMiddleware, type RequestWithBody } from "../../app/utils/request-guards.server";
import { signIn } from "../../app/models/sign-in.server";
import { deviceCookieAfterSignIn } from "../../app/models/device-cookie.server";
import { ACCOUNT_POLICY } from "../../app/models/throttle.server";
import { makeUser } from "../factories";
import { DEFAULT_BODY_LIMIT } from "../../app/utils/request-body.server";
import { LIMITS } from "../../app/utils/rate-limit.server";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
let server: http.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server with the guards and a route that says what it received. */
async function start(options: { rate?: boolean; trustProxy?: boolean; gate?: boolean } = {}) {
  const app = express();
  if (options.trustProxy) app.set("trust proxy", true);
  const page = (res: express.Response, status: number, title: string) => void res.status(status).type("text").send(title);
  if (options.rate) app.use(postRateMiddleware(page));
  app.use(bodyMiddleware(page));
  if (options.gate) app.use(signInGateMiddleware(page));
  app.all("*", (req, res) => {
    const r = req as RequestWithBody;
    res.json({ bytes: r.harborBody?.length ?? 0, tooLarge: r.harborBodyTooLarge === true, ...(r.harborRefusal ? { refusal: r.harborRefusal } : {}) });
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server!.once("listening", resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

/** Sends `total` bytes in chunks without a Content-Length; resolves with the status and how much the client got to write. */
function sendChunked(base: string, path: string, total: number): Promise<{ status: number; written: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked" } });
    let written = 0;
    const chunk = Buffer.alloc(64 * 1024, "a");
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (text: string) => (body += text));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, written, body });
        req.destroy();
      });
    });
    req.on("error", (error) => (written > 0 ? undefined : reject(error)));
    const pump = () => {
      while (written < total) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

describe("request bodies", () => {
  it("a chunked body larger than the limit is refused with 413 without being read to the end", async () => {
    const base = await start();
    const result = await sendChunked(base, "/login", 200 * 1024 * 1024);
    expect(result.status).toBe(413);
    // The server answered long before 200 MB were sent.
    expect(result.written).toBeLessThan(100 * 1024 * 1024);
  });

  it("a body within the limit reaches the route whole", async () => {
    const base = await start();
    const body = `note=${"b".repeat(DEFAULT_BODY_LIMIT - 10)}`;
    const res = await fetch(`${base}/report`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bytes: body.length, tooLarge: false });
  });

  it("the meeting import takes its own larger limit, and over it the route answers itself", async () => {
    const base = await start();
    const three = await fetch(`${base}/admin/meetings-import`, {
      method: "POST",
      body: `x=${"c".repeat(3 * 1024 * 1024)}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(await three.json()).toEqual({ bytes: 3 * 1024 * 1024 + 2, tooLarge: false });
    const big = await sendChunked(base, "/admin/meetings-import", 12 * 1024 * 1024);
    // The route's own page (here: the echo) learns it was too large, and gets no body.
    expect(big.status).toBe(200);
    expect(JSON.parse(big.body)).toEqual({ bytes: 0, tooLarge: true });
  });

  it.each([
    ["application/json", '{"intent":"save"}'],
    ["text/plain", "intent=save"],
    ["multipart/form-data; boundary=xyz", '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'],
    ["multipart/form-data", "no boundary at all"],
    [undefined, "intent=save"],
  ])("a %s body is refused with 400 before any route runs", async (type, body) => {
    const base = await start();
    const res = await fetch(`${base}/moderation/groups/some-group`, { method: "POST", body, headers: type ? { "Content-Type": type } : {} });
    expect(res.status).toBe(400);
  });

  it("an empty form and a well-formed multipart form are let through", async () => {
    const base = await start();
    const empty = await fetch(`${base}/logout`, { method: "POST" });
    expect(empty.status).toBe(200);
    const form = new FormData();
    form.set("file", new Blob(["[]"], { type: "application/json" }), "feed.json");
    const multipart = await fetch(`${base}/admin/meetings-import`, { method: "POST", body: form });
    expect(multipart.status).toBe(200);
  });
});

describe("request rate", () => {
  it("a flood of POSTs from one address gets 429 with Retry-After; another address is served", async () => {
    const base = await start({ rate: true, trustProxy: true });
    const send = (ip: string) =>
      fetch(`${base}/login`, { method: "POST", body: "email=a&password=b", headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip } });
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.post.points + 3; i++) statuses.push((await send("192.0.2.77")).status);
    expect(statuses.slice(0, LIMITS.post.points).every((s) => s === 200)).toBe(true);
    const refused = await send("192.0.2.77");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect((await send("192.0.2.78")).status).toBe(200);
    // GETs are not counted.
    expect((await fetch(`${base}/`, { headers: { "X-Forwarded-For": "192.0.2.77" } })).status).toBe(200);
  });
});

describe("a page's script (a .data request)", () => {
  // It cannot show an HTML page: the refusal goes on to Remix (remix-handler.server.ts → routes/$.tsx), which answers in its own format.
  it("an oversized or unreadable form reaches Remix as a refusal with its status and message, without its body", async () => {
    const base = await start();
    const big = await sendChunked(base, "/groups/some-group/threads/1.data", 3 * 1024 * 1024);
    expect(big.status).toBe(200); // the echo route: Remix would answer 413
    expect(JSON.parse(big.body)).toEqual({
      bytes: 0,
      tooLarge: false,
      refusal: { status: 413, title: "That was too much to send", message: expect.stringContaining("larger than {site} accepts") },
    });
    const json = await fetch(`${base}/moderation/groups/some-group.data`, { method: "POST", body: "{}", headers: { "Content-Type": "application/json" } });
    expect((await json.json()).refusal).toMatchObject({ status: 400, title: "That form could not be read" });
  });

  it("a flood is refused with 429 and Retry-After, before its body is read, and the later guards leave it alone", async () => {
    const base = await start({ rate: true, gate: true, trustProxy: true });
    const send = () =>
      fetch(`${base}/login.data`, {
        method: "POST",
        body: "email=a%40b.example&password=b",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "192.0.2.55" },
      });
    for (let i = 0; i < LIMITS.post.points; i++) expect((await send()).status).toBe(200);
    const refused = await send();
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await refused.json()).toEqual({ bytes: 0, tooLarge: false, refusal: { status: 429, title: "Please slow down", message: expect.stringContaining("Please wait") } });
    // A page's own form post still gets the short page.
    const page = await fetch(`${base}/login`, {
      method: "POST",
      body: "email=a&password=b",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "192.0.2.55" },
    });
    expect(page.status).toBe(429);
  });
});

describe("sign-in gate", () => {
  it("a throttled sign-in is refused before the route (no password hashing, no page), except from the owner's own browser", async () => {
    const user = await makeUser(t.db);
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++) await signIn(t.db, { email: user.email, password: "wrong-wrong-wrong", ip: "192.0.2.99" });
    const base = await start({ gate: true, trustProxy: true });
    const body = new URLSearchParams({ email: user.email, password: user.password }).toString();
    const send = (headers: Record<string, string>) =>
      fetch(`${base}/login`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "192.0.2.99", ...headers } });
    const refused = await send({});
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
    const device = (await deviceCookieAfterSignIn(t.db, null, user.id, false)).split(";")[0]!;
    const own = await send({ Cookie: device });
    expect(own.status).toBe(200); // reached the route
    const elsewhere = await fetch(`${base}/login`, { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "198.51.100.77" } });
    expect(elsewhere.status).toBe(200);
  });
});
