/**
 * Sign-in throttling, stored in the database so that it holds across several app servers.
 * Each key may fail a few times freely; after that every further failure doubles the wait, up to
 * an hour. Counters forget failures older than a day. The keys (see sign-in.server.ts):
 * - `pair:<email>|<address>`: one account from one address (OWASP: count per account AND address);
 * - `ip:<address>`: one address trying many accounts;
 * - `account:<email>`: one account from many addresses (a slow, spread-out guesser) — only for
 *   browsers the account has not signed in from before;
 * - `device:<id>`: a browser that has signed in to the account before (a signed device cookie);
 * - `reauth:<user id>`: re-entering the password while signed in.
 */
import type { Kysely } from "kysely";
import { inTransaction } from "../../db/client";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";

export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

const MINUTE = 60_000;
export const ACCOUNT_POLICY: ThrottlePolicy = { freeFailures: 5, baseDelayMs: 30_000, maxDelayMs: 60 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE };
// One account from many addresses: generous, since it can lock out everyone but the owner's own browser.
export const ACCOUNT_WIDE_POLICY: ThrottlePolicy = { freeFailures: 50, baseDelayMs: 30_000, maxDelayMs: 60 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE };
// An address can be shared by a whole treatment centre's wifi: allow more before slowing it down.
export const IP_POLICY: ThrottlePolicy = { freeFailures: 20, baseDelayMs: 30_000, maxDelayMs: 60 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE };

export function accountKey(email: string): string {
  return `account:${email}`;
}
export function ipKey(ip: string): string {
  return `ip:${ip}`;
}
export function pairKey(email: string, ip: string): string {
  return `pair:${email}|${ip}`;
}
export function deviceKey(deviceId: string): string {
  return `device:${deviceId}`;
}
export function reauthKey(userId: string): string {
  return `reauth:${userId}`;
}

export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - policy.freeFailures));
}

/** The latest time any of these keys is blocked until, or null if none is blocked now. */
export async function blockedUntil(db: Kysely<Database>, keys: string[], now: Date = clockNow()): Promise<Date | null> {
  if (keys.length === 0) return null;
  const rows = await db.selectFrom("auth_throttles").select(["blocked_until"]).where("key", "in", keys).execute();
  let latest: number | null = null;
  for (const row of rows) {
    if (!row.blocked_until) continue;
    const until = Date.parse(row.blocked_until);
    if (until > now.getTime() && (latest === null || until > latest)) latest = until;
  }
  return latest === null ? null : new Date(latest);
}

export async function recordFailure(db: Kysely<Database>, key: string, policy: ThrottlePolicy, now: Date = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const row = await tx.selectFrom("auth_throttles").select(["failures", "last_failure_at"]).where("key", "=", key).executeTakeFirst();
    const stale = !row || now.getTime() - Date.parse(row.last_failure_at) > policy.forgetAfterMs;
    const failures = (stale ? 0 : row.failures) + 1;
    const delay = delayAfter(failures, policy);
    const values = {
      failures,
      last_failure_at: now.toISOString(),
      blocked_until: delay > 0 ? new Date(now.getTime() + delay).toISOString() : null,
    };
    await tx
      .insertInto("auth_throttles")
      .values({ key, ...values })
      .onConflict((oc) => oc.column("key").doUpdateSet(values))
      .execute();
  });
}

export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom("auth_throttles").where("key", "=", key).execute();
}
