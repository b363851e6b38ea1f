/**
 * Signing in: password check with throttling per account and address (device cookies let the
 * owner's own browser through; see signInGate), and no hint whether an e-mail address has an
 * account (same message, same time).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { formatDuration } from "../utils/time";
import { verifyAgainstNothing, verifyPassword } from "../utils/password.server";
import { createSession } from "./sessions.server";
import { accountKey, ACCOUNT_POLICY, ACCOUNT_WIDE_POLICY, blockedUntil, clearFailures, deviceKey, IP_POLICY, ipKey, pairKey, reauthKey, recordFailure } from "./throttle.server";
import { deviceProofFor } from "./device-cookie.server";
import { findUserByEmail, normalizeEmail } from "./users.server";
import { now as clockNow } from "../utils/clock.server";
import { activeSuspension } from "./moderation.server";

export type SignInResult = { ok: true; token: string; userId: string } | { ok: false; status: 400 | 403 | 429; message: string; retryAt?: Date };

export const WRONG_CREDENTIALS = "That e-mail and password don't match. Please check them and try again.";

export function tooManyAttempts(until: Date, now: Date): string {
  return `Too many sign-in attempts. To keep accounts safe, please wait ${formatDuration(until.getTime() - now.getTime())} and try again.`;
}

export interface SignInAttempt {
  email: string;
  ip?: string;
  /** The request's Cookie header: a device cookie in it lets a browser that signed in before through. */
  cookie?: string | null;
}

/**
 * Whether this attempt may be tried now (OWASP's guidance): a browser with a device cookie for the
 * account counts only its own failures; any other attempt counts per account and address together,
 * per address, and per account across addresses (a higher bar). Cheap: no password hashing, so the
 * server can refuse a flood before doing any real work (see app/utils/request-guards.server.ts).
 */
export async function signInGate(db: Kysely<Database>, attempt: SignInAttempt, now: Date = clockNow()) {
  const email = normalizeEmail(attempt.email);
  const user = await findUserByEmail(db, email);
  const device = user && attempt.cookie ? await deviceProofFor(db, attempt.cookie, user.id) : null;
  const keys = device ? [deviceKey(device.deviceId)] : [accountKey(email), ...(attempt.ip ? [pairKey(email, attempt.ip), ipKey(attempt.ip)] : [])];
  return { email, user, device, keys, blockedUntil: await blockedUntil(db, keys, now) };
}

export async function signIn(db: Kysely<Database>, input: SignInAttempt & { password: string; userAgent?: string | null }, now: Date = clockNow()): Promise<SignInResult> {
  const { email, user, device, keys, blockedUntil: blocked } = await signInGate(db, input, now);
  if (blocked) return { ok: false, status: 429, message: tooManyAttempts(blocked, now), retryAt: blocked };

  const valid = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstNothing(input.password);
  if (!user || !valid) {
    if (device) await recordFailure(db, deviceKey(device.deviceId), ACCOUNT_POLICY, now);
    else {
      await recordFailure(db, accountKey(email), ACCOUNT_WIDE_POLICY, now);
      if (input.ip) await recordFailure(db, pairKey(email, input.ip), ACCOUNT_POLICY, now);
      if (input.ip) await recordFailure(db, ipKey(input.ip), IP_POLICY, now);
    }
    const nowBlocked = await blockedUntil(db, keys, now);
    return nowBlocked
      ? { ok: false, status: 429, message: `${WRONG_CREDENTIALS} ${tooManyAttempts(nowBlocked, now)}`, retryAt: nowBlocked }
      : { ok: false, status: 400, message: WRONG_CREDENTIALS };
  }
  if (device) await clearFailures(db, deviceKey(device.deviceId));
  if (input.ip) await clearFailures(db, pairKey(email, input.ip));
  // A suspended member cannot sign in until the suspension ends (their sessions ended when it began).
  const suspension = await activeSuspension(db, user.id, now);
  if (suspension) {
    const until = suspension.ends_at
      ? `until ${new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: user.time_zone }).format(new Date(suspension.ends_at))}`
      : "until an admin lifts it";
    return {
      ok: false,
      status: 403,
      message: `Your account is suspended ${until}. The reason given: “${suspension.reason}”. If you think this is a mistake, please contact the site's admins.`,
    };
  }
  const { token } = await createSession(db, user.id, { userAgent: input.userAgent, ip: input.ip }, now);
  return { ok: true, token, userId: user.id };
}

/**
 * Re-asking for the password before a sensitive change (e-mail, password, deleting the account),
 * throttled like sign-in so a borrowed session cannot be used to guess it.
 */
export async function confirmPassword(
  db: Kysely<Database>,
  user: { id: string; email: string },
  password: string,
  now: Date = clockNow(),
): Promise<{ ok: true } | { ok: false; status: 400 | 429; message: string }> {
  // Its own counter: a stranger failing to sign in to this account does not block its owner here.
  const key = reauthKey(user.id);
  const blocked = await blockedUntil(db, [key], now);
  if (blocked) return { ok: false, status: 429, message: tooManyAttempts(blocked, now) };
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirst();
  if (row && (await verifyPassword(row.password_hash, password))) return { ok: true };
  await recordFailure(db, key, ACCOUNT_POLICY, now);
  return { ok: false, status: 400, message: "That isn't your current password." };
}
