/**
 * Request-rate limits, with the well-kept `rate-limiter-flexible`, counted in the database
 * (table `rate_limits`) so that a limit holds across several app servers.
 *
 * A limiter is made once per database handle and name. Once a key has used its points it is also
 * blocked in this server's memory for the rest of the window, so a flood is refused without a
 * database round trip. If the database cannot answer, a limiter in memory stands in (a limit per
 * server is better than none, and better than refusing everyone).
 */
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Kysely } from "kysely";
import type { DbHandle } from "../../db/client";
import type { Database } from "../../db/schema";
import { now as clockNow } from "./clock.server";
import { getDbHandle } from "./db.server";
import { harborEnv } from "./env.server";

export interface LimitRule {
  /** Requests allowed per window. */
  points: number;
  /** The window, in seconds. */
  duration: number;
}

/**
 * Every limit Harbor applies, in one table (docs/security.md states them); the numbers are the
 * defaults of HARBOR_POSTS_PER_MINUTE, HARBOR_SIGNUPS_PER_ADDRESS_PER_HOUR and HARBOR_SIGNUPS_PER_HOUR.
 */
export const LIMITS = {
  /** Any POST (a form sent), per client address. A person filling in forms stays far below it. */
  post: { points: 120, duration: 60 },
  /** New sign-ups, per client address. */
  signupPerAddress: { points: 5, duration: 3600 },
  /** New sign-ups, site-wide. */
  signupSiteWide: { points: 100, duration: 3600 },
  /** Support-circle reach-outs, per member: a few an hour reach everyone; more would only flood their bells. */
  reachOut: { points: 3, duration: 3600 },
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof LIMITS;

/** The limit as configured (the environment may change the number of points, not the window). */
function ruleFor(name: LimitName): LimitRule {
  const env = harborEnv();
  const points = {
    post: env.HARBOR_POSTS_PER_MINUTE,
    signupPerAddress: env.HARBOR_SIGNUPS_PER_ADDRESS_PER_HOUR,
    signupSiteWide: env.HARBOR_SIGNUPS_PER_HOUR,
    reachOut: LIMITS.reachOut.points,
  }[name];
  return { points, duration: LIMITS[name].duration };
}

const limiters = new WeakMap<DbHandle, Map<LimitName, RateLimiterAbstract>>();

function makeLimiter(handle: DbHandle, name: LimitName): RateLimiterAbstract {
  const rule = ruleFor(name);
  const common = {
    keyPrefix: name,
    points: rule.points,
    duration: rule.duration,
    tableName: "rate_limits",
    tableCreated: true, // by Harbor's migration
    clearExpiredByTimeout: false, // scheduled upkeep clears old rows
    inMemoryBlockOnConsumed: rule.points + 1,
    inMemoryBlockDuration: rule.duration,
    insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points: rule.points, duration: rule.duration }),
  };
  if (handle.pgPool) return new RateLimiterPostgres({ ...common, storeClient: handle.pgPool, storeType: "pool" });
  if (handle.sqlite) return new RateLimiterSQLite({ ...common, storeClient: handle.sqlite, storeType: "better-sqlite3" });
  return new RateLimiterMemory(common);
}

function limiter(name: LimitName, handle: DbHandle): RateLimiterAbstract {
  let byName = limiters.get(handle);
  if (!byName) limiters.set(handle, (byName = new Map()));
  let found = byName.get(name);
  if (!found) byName.set(name, (found = makeLimiter(handle, name)));
  return found;
}

export type LimitResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Counts one request against the named limit for `key`; says when to come back if it is used up. */
export async function consumeLimit(name: LimitName, key: string, handle: DbHandle = getDbHandle()): Promise<LimitResult> {
  try {
    await limiter(name, handle).consume(key || "unknown");
    return { ok: true };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
    throw rejection;
  }
}

/** "a minute", "12 minutes": for messages. */
export function waitText(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}

/** Deletes counters whose window ended over an hour ago (scheduled upkeep). Returns how many. */
export async function clearEndedRateLimits(db: Kysely<Database>, now: Date = clockNow()): Promise<number> {
  const result = await db
    .deleteFrom("rate_limits")
    .where("expire", "<", now.getTime() - 3600_000)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
