/**
 * Sessions after Lucia's guide (lucia-auth.com, "Basic session implementation" and "Inactivity
 * timeout"): the token is `<id>.<secret>`; only SHA-256 of the secret is stored and it is compared
 * in constant time; a session ends after a period without use and after a maximum age; the
 * last-used time is written at most once an hour.
 */
import type { Kysely } from "kysely";
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { decodeHex, encodeHexLowerCase } from "@oslojs/encoding";
import type { Database, Session, User } from "../../db/schema";
import { prepared } from "../../db/prepared";
import { randomId } from "../utils/ids.server";
import { getConfig } from "../utils/env.server";
import { now as clockNow } from "../utils/clock.server";

/** How often the last-used time is renewed: at most hourly, not on every request. */
export const ACTIVITY_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export interface SessionLifetimes {
  inactivityMs: number;
  maxAgeMs: number;
}

export function sessionLifetimes(): SessionLifetimes {
  const config = getConfig();
  return { inactivityMs: config.sessionInactivityMs, maxAgeMs: config.sessionMaxAgeMs };
}

function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

export interface SessionMeta {
  userAgent?: string | null;
  ip?: string | null;
}

export async function createSession(db: Kysely<Database>, userId: string, meta: SessionMeta = {}, now: Date = clockNow()): Promise<{ token: string; session: Session }> {
  const id = randomId();
  const secret = randomId();
  const session: Session = {
    id,
    user_id: userId,
    secret_hash: hashSecret(secret),
    created_at: now.toISOString(),
    last_used_at: now.toISOString(),
    user_agent: (meta.userAgent ?? "").slice(0, 400),
    ip: (meta.ip ?? "").slice(0, 64),
  };
  await db.insertInto("sessions").values(session).execute();
  return { token: `${id}.${secret}`, session };
}

/** When a session ends if it is not used again. */
export function sessionExpiresAt(session: Pick<Session, "created_at" | "last_used_at">, lifetimes = sessionLifetimes()): Date {
  const byInactivity = Date.parse(session.last_used_at) + lifetimes.inactivityMs;
  const byAge = Date.parse(session.created_at) + lifetimes.maxAgeMs;
  return new Date(Math.min(byInactivity, byAge));
}

export type SessionUser = Pick<User, "id" | "display_name" | "role" | "time_zone">;

export interface ValidatedSession {
  session: Session;
  user: SessionUser;
}

const TOKEN_PART = /^[a-z2-7]{16,64}$/;

// Every signed-in request runs this first: prepared once (db/prepared.ts).
const sessionWithUser = prepared((db, p: { id: string }) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id",
      "sessions.user_id",
      "sessions.secret_hash",
      "sessions.created_at",
      "sessions.last_used_at",
      "sessions.user_agent",
      "sessions.ip",
      "users.display_name",
      "users.role",
      "users.time_zone",
    ])
    .where("sessions.id", "=", p.id),
);

/**
 * The session and its member for a token, or null for a malformed, unknown, tampered or expired
 * token. Expired sessions are deleted on sight.
 */
export async function validateSessionToken(
  db: Kysely<Database>,
  token: string | null | undefined,
  now: Date = clockNow(),
  lifetimes: SessionLifetimes = sessionLifetimes(),
  meta: SessionMeta = {},
): Promise<ValidatedSession | null> {
  if (!token) return null;
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  if (!TOKEN_PART.test(id) || !TOKEN_PART.test(secret)) return null;

  const [row] = await sessionWithUser(db, { id });
  if (!row) return null;

  const valid = constantTimeEqual(decodeHex(hashSecret(secret)), decodeHex(row.secret_hash));
  if (!valid) return null;

  const session: Session = {
    id: row.id,
    user_id: row.user_id,
    secret_hash: row.secret_hash,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    user_agent: row.user_agent,
    ip: row.ip,
  };
  if (now.getTime() >= sessionExpiresAt(session, lifetimes).getTime()) {
    await deleteSession(db, id);
    return null;
  }
  if (now.getTime() - Date.parse(session.last_used_at) >= ACTIVITY_CHECK_INTERVAL_MS) {
    session.last_used_at = now.toISOString();
    if (meta.ip) session.ip = meta.ip.slice(0, 64);
    await db.updateTable("sessions").set({ last_used_at: session.last_used_at, ip: session.ip }).where("id", "=", id).execute();
  }
  return {
    session,
    user: { id: row.user_id, display_name: row.display_name, role: row.role, time_zone: row.time_zone },
  };
}

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** Ends one of a member's own sessions; false if it is not theirs (or already gone). */
export async function deleteUserSession(db: Kysely<Database>, userId: string, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom("sessions").where("id", "=", sessionId).where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of a member, or every one but `keepSessionId`. Returns how many ended. */
export async function deleteUserSessions(db: Kysely<Database>, userId: string, keepSessionId?: string): Promise<number> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepSessionId) query = query.where("id", "!=", keepSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A member's live sessions, most recently used first (a member has a handful; capped all the same). */
export async function listUserSessions(db: Kysely<Database>, userId: string, now: Date = clockNow(), lifetimes = sessionLifetimes()) {
  const rows = await db
    .selectFrom("sessions")
    .select(["id", "created_at", "last_used_at", "user_agent", "ip"])
    .where("user_id", "=", userId)
    .orderBy("last_used_at", "desc")
    .limit(100)
    .execute();
  return rows.map((row) => ({ ...row, expires_at: sessionExpiresAt(row, lifetimes).toISOString() })).filter((row) => Date.parse(row.expires_at) > now.getTime());
}
