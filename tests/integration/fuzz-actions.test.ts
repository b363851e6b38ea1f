/// <reference types="vite/client" />
/**
 * Every action, fuzzed: empty forms, hostile values (huge, control characters, markup, SQL, out of
 * range numbers, unknown intents) and multipart bodies, posted as anonymous, member, moderator and
 * admin. No action may answer 5xx or throw, and the database stays intact (SQLite's integrity and
 * foreign-key checks). Malformed bodies (JSON, text, broken multipart, no content type) never reach
 * an action: the server refuses them for every path (request-guards.test.ts).
 */
import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { addMember } from "../../app/models/groups.server";
import { DEFAULT_MODERATION_SETTINGS, saveModerationSettings } from "../../app/models/moderation.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { makeGroup, makeSignedInUser } from "../factories";
import { TEST_DIALECT, useTestDatabase } from "../helpers/db";
import { BASE, context, run } from "../helpers/requests";

const t = useTestDatabase();

type Action = (args: { request: Request; params: Record<string, string>; context: ReturnType<typeof context> }) => Promise<unknown>;
const modules = import.meta.glob<{ action?: Action }>(["../../app/routes/*/route.tsx", "../../app/routes/*.tsx", "../../app/routes/*.ts"]);

/** "groups.$slug.threads.$threadId" → its parameter names and a URL path with them filled in. */
function routeOf(file: string, values: Record<string, string>) {
  const name = file
    .replace(/^.*\/routes\//, "")
    .replace(/\/route\.tsx$/, "")
    .replace(/\.tsx?$/, "");
  const params: Record<string, string> = {};
  const segments = name
    .split(".")
    .filter((s) => s !== "_index")
    .map((segment) => {
      if (segment === "$") return (params["*"] = "nothing/here");
      if (segment.startsWith("$")) return (params[segment.slice(1)] = values[segment.slice(1)] ?? "1");
      return segment.replace(/\[|\]/g, "");
    });
  return { name, params, path: `/${segments.join("/")}` };
}

const HOSTILE = [
  "",
  " ",
  "\u0000\u0001",
  "x".repeat(60_000),
  "-1",
  "99999999999999999999999",
  "NaN",
  "<script>alert(1)</script><img src=x onerror=alert(1)>",
  "' OR 1=1; DROP TABLE users; --",
  "\u202Eevil\u200B",
  "../../etc/passwd",
  "2026-13-45T25:61",
  "🙂".repeat(500),
];
const FIELDS = [
  "intent",
  "action",
  "body",
  "title",
  "name",
  "postId",
  "threadId",
  "kind",
  "email",
  "password",
  "newPassword",
  "displayName",
  "reason",
  "note",
  "groupId",
  "userId",
  "role",
  "token",
  "timeZone",
  "date",
  "startTime",
  "endTime",
  "days",
  "mood",
  "cravings",
  "minutes",
  "hours",
  "sanctionId",
  "tool",
  "toGroupId",
  "visibility",
  "slug",
  "redirectTo",
  "value",
  "delivery",
  "trackerId",
  "text",
  "words",
];
const INTENTS = [
  "reply",
  "preview",
  "react",
  "delete",
  "act",
  "tool",
  "lift",
  "save",
  "create",
  "join",
  "leave",
  "approve",
  "reject",
  "revoke",
  "send",
  "remove",
  "update",
  "sign-out",
  "nonsense",
];

/** A few bodies per action, varied by a seed so every field meets several hostile values. */
function bodies(seed: number): Record<string, string>[] {
  const pick = (i: number) => HOSTILE[(seed + i) % HOSTILE.length]!;
  const hostile = Object.fromEntries(FIELDS.map((f, i) => [f, pick(i)]));
  return [
    {},
    hostile,
    { ...Object.fromEntries(FIELDS.map((f, i) => [f, pick(i + 5)])), intent: INTENTS[seed % INTENTS.length]! },
    { ...Object.fromEntries(FIELDS.map((f, i) => [f, pick(i + 9)])), intent: INTENTS[(seed + 7) % INTENTS.length]!, action: "hide" },
  ];
}

function request(path: string, fields: Record<string, string>, cookie: string | undefined, multipart: boolean): Request {
  const headers: Record<string, string> = { Origin: BASE, ...(cookie ? { Cookie: cookie } : {}) };
  if (multipart) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("file", new Blob(['[{"name":1}]'], { type: "application/json" }), "feed.json");
    return new Request(`${BASE}${path}`, { method: "POST", body: form, headers });
  }
  return new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" } });
}

async function world() {
  await saveModerationSettings(t.db, { ...DEFAULT_MODERATION_SETTINGS, trust: { ...DEFAULT_MODERATION_SETTINGS.trust, newAccountHours: 0, establishedAfterPosts: 0 } }, null);
  const group = await makeGroup(t.db, { visibility: "public" });
  const member = await makeSignedInUser(t.db);
  const moderator = await makeSignedInUser(t.db);
  const admin = await makeSignedInUser(t.db, { role: "admin" });
  await addMember(t.db, group.id, member.user.id);
  await addMember(t.db, group.id, moderator.user.id, "moderator");
  const { threadId } = await createThread(t.db, group.id, member.user.id, { title: "A thread to fuzz", body: "Opening words", clientToken: null });
  const reply = await replyToThread(t.db, threadId, member.user.id, { body: "A reply", clientToken: null });
  const values = {
    slug: group.slug,
    threadId: String(threadId),
    postId: String(reply.postId),
    userId: member.user.id,
    id: String(reply.postId),
    kind: "post",
    token: "a".repeat(43),
    trackerId: "1",
    entryId: "1",
  };
  const roles = { anonymous: undefined, member: member.cookie, moderator: moderator.cookie, admin: admin.cookie };
  return { values, roles };
}

async function integrityProblems(): Promise<string[]> {
  if (TEST_DIALECT !== "sqlite") {
    // PostgreSQL enforces every foreign key as it writes; the check is that it still answers.
    await sql`select 1`.execute(t.db);
    return [];
  }
  const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(t.db);
  const foreignKeys = await sql<Record<string, unknown>>`PRAGMA foreign_key_check`.execute(t.db);
  return [...integrity.rows.filter((r) => r.integrity_check !== "ok").map((r) => r.integrity_check), ...foreignKeys.rows.map((r) => JSON.stringify(r))];
}

describe("every action under hostile input", () => {
  it("answers every role with a 2xx, 3xx or 4xx, never a 5xx or a thrown error, and leaves the database intact", async () => {
    const w = await world();
    const failures: string[] = [];
    let calls = 0;
    let seed = 0;
    for (const [file, load] of Object.entries(modules)) {
      const mod = await load();
      if (typeof mod.action !== "function") continue;
      const route = routeOf(file, w.values);
      for (const [role, cookie] of Object.entries(w.roles)) {
        seed += 1;
        for (const [i, fields] of bodies(seed).entries()) {
          const multipart = i === 1;
          calls += 1;
          try {
            const outcome = await run(() =>
              mod.action!({ request: request(route.path, fields, cookie, multipart), params: route.params, context: context(`198.51.100.${seed % 250}`) }),
            );
            if (outcome.status >= 500) failures.push(`${route.name} as ${role}, body ${i}: ${outcome.status}`);
          } catch (error) {
            failures.push(`${route.name} as ${role}, body ${i}: threw ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(150);
    expect(failures).toEqual([]);
    expect(await integrityProblems()).toEqual([]);
  }, 240_000);
});
