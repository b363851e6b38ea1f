/**
 * Signing in: password check with throttling per account and per address, and no hint whether
 * an e-mail address has an account (same message, same time).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { formatDuration } from "../utils/time";
import { verifyAgainstNothing, verifyPassword } from "../utils/password.server";
import { createSession } from "./sessions.server";
import { accountKey, ACCOUNT_POLICY, blockedUntil, clearFailures, IP_POLICY, ipKey, recordFailure } from "./throttle.server";
import { findUserByEmail, normalizeEmail } from "./users.server";
import { now as clockNow } from "../utils/clock.server";
import { activeSuspension } from "./moderation.server";

export type SignInResult =
  | { ok: true; token: string; userId: string }
  | { ok: false; status: 400 | 403 | 429; message: string; retryAt?: Date };

export const WRONG_CREDENTIALS = "That e-mail and password don't match. Please check them and try again.";

export function tooManyAttempts(until: Date, now: Date): string {
  return `Too many sign-in attempts. To keep accounts safe, please wait ${formatDuration(until.getTime() - now.getTime())} and try again.`;
}

export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string; ip?: string; userAgent?: string | null },
  now: Date = clockNow(),
): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const keys = [accountKey(email), ...(input.ip ? [ipKey(input.ip)] : [])];
  const blocked = await blockedUntil(db, keys, now);
  if (blocked) return { ok: false, status: 429, message: tooManyAttempts(blocked, now), retryAt: blocked };

  const user = await findUserByEmail(db, email);
  const valid = user ? await verifyPassword(user.password_hash, input.password) : await verifyAgainstNothing(input.password);
  if (!user || !valid) {
    await recordFailure(db, accountKey(email), ACCOUNT_POLICY, now);
    if (input.ip) await recordFailure(db, ipKey(input.ip), IP_POLICY, now);
    const nowBlocked = await blockedUntil(db, keys, now);
    return nowBlocked
      ? { ok: false, status: 429, message: `${WRONG_CREDENTIALS} ${tooManyAttempts(nowBlocked, now)}`, retryAt: nowBlocked }
      : { ok: false, status: 400, message: WRONG_CREDENTIALS };
  }
  await clearFailures(db, accountKey(email));
  // A suspended member cannot sign in until the suspension ends (their sessions ended when it began).
  const suspension = await activeSuspension(db, user.id, now);
  if (suspension) {
    const until = suspension.ends_at ? `until ${new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: user.time_zone }).format(new Date(suspension.ends_at))}` : "until an admin lifts it";
    return { ok: false, status: 403, message: `Your account is suspended ${until}. The reason given: “${suspension.reason}”. If you think this is a mistake, please contact the site's admins.` };
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
  const key = accountKey(user.email);
  const blocked = await blockedUntil(db, [key], now);
  if (blocked) return { ok: false, status: 429, message: tooManyAttempts(blocked, now) };
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", user.id).executeTakeFirst();
  if (row && (await verifyPassword(row.password_hash, password))) return { ok: true };
  await recordFailure(db, key, ACCOUNT_POLICY, now);
  return { ok: false, status: 400, message: "That isn't your current password." };
}
