/**
 * Password reset and e-mail verification by e-mailed links. The link carries a random secret; only
 * its SHA-256 is stored. Tokens are single-use (used_at is set by a conditional update, so two
 * clicks cannot both succeed) and expire (reset: 30 minutes; verification: 2 days). Asking for a
 * reset answers the same whether or not the address has an account, and is throttled per address
 * and per network address.
 */
import type { Kysely } from "kysely";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Database } from "../../db/schema";
import type { AccountTokenPurpose } from "../../db/schema/notifications";
import { inTransaction } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { randomId } from "../utils/ids.server";
import { hashPassword } from "../utils/password.server";
import { queuePasswordChangedNotice } from "./account-notices.server";
import { absoluteUrl } from "./mail/config.server";
import { getRequireVerifiedToPost, renderMail } from "./mail/compose.server";
import { getSiteConfig } from "./site-config.server";
import { enqueueMail } from "./mail/outbox.server";
import { deleteUserSessions } from "./sessions.server";
import { blockedUntil, recordFailure, type ThrottlePolicy } from "./throttle.server";
import { findUserByEmail, normalizeEmail } from "./users.server";

const MINUTE = 60_000;
export const RESET_TTL_MS = 30 * MINUTE;
export const VERIFY_TTL_MS = 2 * 24 * 60 * MINUTE;
/** Each request counts; after a few, more are ignored for a while (the answer stays the same). */
export const RESET_ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 3, baseDelayMs: 15 * MINUTE, maxDelayMs: 24 * 60 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE };
export const RESET_IP_POLICY: ThrottlePolicy = { freeFailures: 20, baseDelayMs: 15 * MINUTE, maxDelayMs: 24 * 60 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE };
export const VERIFY_RESEND_POLICY: ThrottlePolicy = { freeFailures: 3, baseDelayMs: 10 * MINUTE, maxDelayMs: 24 * 60 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE };

function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

async function issueToken(db: Kysely<Database>, userId: string, email: string, purpose: AccountTokenPurpose, ttlMs: number, now: Date) {
  const token = randomId(20);
  // A new link replaces any earlier one of the same kind.
  await db.updateTable("account_tokens").set({ used_at: now.toISOString() }).where("user_id", "=", userId).where("purpose", "=", purpose).where("used_at", "is", null).execute();
  const row = await db
    .insertInto("account_tokens")
    .values({
      user_id: userId,
      purpose,
      token_hash: hashToken(token),
      email,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ttlMs).toISOString(),
      used_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { token, id: row.id };
}

export type TokenProblem = "invalid" | "expired" | "used";

export const TOKEN_MESSAGES: Record<TokenProblem, string> = {
  invalid: "This link isn't valid. It may have been cut short when it was copied — try opening it straight from the e-mail.",
  expired: "This link has expired. Links in these e-mails work for a limited time, to keep your account safe. You can ask for a new one.",
  used: "This link has already been used. Each link works once. If you still need to, ask for a new one.",
};

/** The token's row if it can still be used, or why not. */
export async function checkToken(db: Kysely<Database>, purpose: AccountTokenPurpose, token: string, now = clockNow()) {
  if (!/^[a-z2-7]{20,64}$/.test(token)) return { ok: false as const, problem: "invalid" as TokenProblem };
  const row = await db.selectFrom("account_tokens").selectAll().where("token_hash", "=", hashToken(token)).where("purpose", "=", purpose).executeTakeFirst();
  if (!row) return { ok: false as const, problem: "invalid" as TokenProblem };
  if (row.used_at) return { ok: false as const, problem: "used" as TokenProblem, row };
  if (row.expires_at <= now.toISOString()) return { ok: false as const, problem: "expired" as TokenProblem, row };
  return { ok: true as const, row };
}

/** Takes the token (once): false when it was used, expired or replaced meanwhile. */
async function consume(db: Kysely<Database>, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("account_tokens")
    .set({ used_at: now.toISOString() })
    .where("id", "=", id)
    .where("used_at", "is", null)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------
// Password reset

export async function requestPasswordReset(db: Kysely<Database>, rawEmail: string, ip: string | undefined, now = clockNow()): Promise<void> {
  const email = normalizeEmail(rawEmail);
  const keys = [`reset:${email}`, ...(ip ? [`reset-ip:${ip}`] : [])];
  const blocked = await blockedUntil(db, keys, now);
  await recordFailure(db, `reset:${email}`, RESET_ADDRESS_POLICY, now);
  if (ip) await recordFailure(db, `reset-ip:${ip}`, RESET_IP_POLICY, now);
  if (blocked) return;
  const user = await findUserByEmail(db, email);
  if (!user) return;
  const { siteName: site } = await getSiteConfig(db);
  await inTransaction(db, async (tx) => {
    const { token, id } = await issueToken(tx, user.id, user.email, "password_reset", RESET_TTL_MS, now);
    const subject = `Reset your ${site} password`;
    const body = renderMail({
      site,
      subject,
      greeting: `Hello ${user.display_name},`,
      paragraphs: [
        `Someone (we hope you) asked to reset the password of your ${site} account.`,
        "The link below works once, for the next 30 minutes. Setting a new password signs you out everywhere.",
      ],
      action: { label: "Choose a new password", url: absoluteUrl(`/reset-password/${token}`) },
      footnote: "If you didn't ask for this, you can ignore this e-mail: your password stays as it is.",
    });
    await enqueueMail(tx, { idempotencyKey: `account:reset:${id}`, userId: user.id, to: user.email, subject, ...body }, now);
  });
}

/**
 * A password-reset link for an operator to hand over in person (`npm run admin -- reset-password`):
 * not e-mailed and not throttled; like an e-mailed one it works once, for RESET_TTL_MS.
 */
export async function issuePasswordResetLink(db: Kysely<Database>, user: { id: string; email: string }, now = clockNow()): Promise<string> {
  const { token } = await inTransaction(db, (tx) => issueToken(tx, user.id, user.email, "password_reset", RESET_TTL_MS, now));
  return absoluteUrl(`/reset-password/${token}`);
}

/** Sets the new password, ends every session, and tells the member. Proves the address, too. */
export async function resetPassword(
  db: Kysely<Database>,
  token: string,
  newPassword: string,
  now = clockNow(),
): Promise<{ ok: true; userId: string } | { ok: false; problem: TokenProblem }> {
  const checked = await checkToken(db, "password_reset", token, now);
  if (!checked.ok) return { ok: false, problem: checked.problem };
  const passwordHash = await hashPassword(newPassword);
  return inTransaction(db, async (tx) => {
    if (!(await consume(tx, checked.row.id, now))) return { ok: false as const, problem: "used" as TokenProblem };
    const userId = checked.row.user_id;
    await tx.updateTable("users").set({ password_hash: passwordHash, updated_at: now.toISOString() }).where("id", "=", userId).execute();
    await deleteUserSessions(tx, userId);
    await markVerifiedIfCurrent(tx, userId, checked.row.email, now);
    await queuePasswordChangedNotice(tx, userId, now);
    return { ok: true as const, userId };
  });
}

// ---------------------------------------------------------------------------------------------
// E-mail verification

/** False only when the site requires a confirmed address to post and this member's isn't. */
export async function mayPostUnverified(db: Kysely<Database>, userId: string): Promise<boolean> {
  if (!(await getRequireVerifiedToPost(db))) return true;
  return isEmailVerified(db, userId);
}

/** Whether the account's current address has been proven. */
export async function isEmailVerified(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .innerJoin("email_verifications", (join) => join.onRef("email_verifications.user_id", "=", "users.id").onRef("email_verifications.email", "=", "users.email"))
    .select("users.id")
    .where("users.id", "=", userId)
    .executeTakeFirst();
  return !!row;
}

async function markVerifiedIfCurrent(db: Kysely<Database>, userId: string, email: string, now: Date) {
  const user = await db.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirst();
  if (!user || user.email !== email) return false;
  await db
    .insertInto("email_verifications")
    .values({ user_id: userId, email, verified_at: now.toISOString() })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ email, verified_at: now.toISOString() }))
    .execute();
  return true;
}

/** Sends a link that proves the account's current address. Throttled; returns false when held back. */
export async function sendVerification(db: Kysely<Database>, userId: string, now = clockNow()): Promise<boolean> {
  const user = await db.selectFrom("users").select(["id", "email", "display_name"]).where("id", "=", userId).executeTakeFirst();
  if (!user) return false;
  const key = `verify:${user.id}`;
  if (await blockedUntil(db, [key], now)) return false;
  await recordFailure(db, key, VERIFY_RESEND_POLICY, now);
  const { siteName: site } = await getSiteConfig(db);
  await inTransaction(db, async (tx) => {
    const { token, id } = await issueToken(tx, user.id, user.email, "email_verification", VERIFY_TTL_MS, now);
    const subject = `Confirm your e-mail address for ${site}`;
    const body = renderMail({
      site,
      subject,
      greeting: `Hello ${user.display_name},`,
      paragraphs: ["Please confirm that this is your e-mail address, so you can get replies and reset your password if you ever need to. The link works once, for two days."],
      action: { label: "Confirm my address", url: absoluteUrl(`/verify-email/${token}`) },
      footnote: `If you didn't make a ${site} account, you can ignore this e-mail.`,
    });
    await enqueueMail(tx, { idempotencyKey: `account:verify:${id}`, userId: user.id, to: user.email, subject, ...body }, now);
  });
  return true;
}

export async function verifyEmail(db: Kysely<Database>, token: string, now = clockNow()): Promise<{ ok: true } | { ok: false; problem: TokenProblem; alreadyVerified: boolean }> {
  const checked = await checkToken(db, "email_verification", token, now);
  if (!checked.ok) {
    // A mail scanner may have opened the link first: if the address is proven, all is well.
    const alreadyVerified = checked.row ? await isEmailVerified(db, checked.row.user_id) : false;
    return { ok: false, problem: checked.problem, alreadyVerified };
  }
  return inTransaction(db, async (tx) => {
    if (!(await consume(tx, checked.row.id, now))) return { ok: false as const, problem: "used" as TokenProblem, alreadyVerified: await isEmailVerified(tx, checked.row.user_id) };
    // A link sent to an address the account no longer uses proves nothing.
    if (!(await markVerifiedIfCurrent(tx, checked.row.user_id, checked.row.email, now))) return { ok: false as const, problem: "invalid" as TokenProblem, alreadyVerified: false };
    return { ok: true as const };
  });
}
