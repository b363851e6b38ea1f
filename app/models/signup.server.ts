/**
 * Sign-up by e-mailed link (issue 20; the policy is in docs/security.md, "Sign-up").
 *
 * Membership of a recovery community is itself private, so the sign-up form answers every
 * well-formed sign-up the same way ("check your e-mail") whether or not the address has an account:
 * - a new address gets a link to finish joining; the sign-up waits in `pending_signups` (the link's
 *   SHA-256, the argon2id password hash, name, time zone, where to go next) and NO ACCOUNT EXISTS
 *   until the link is opened. Signing in with the chosen password before then fails exactly as it
 *   does for an address that has an account and a wrong password;
 * - an address that has an account gets a calm notice instead ("someone tried to join with your
 *   address: if it was you, sign in or reset your password"), and nothing is stored or changed.
 * Both paths hash the password, so the time taken doesn't tell them apart either. Mails to one
 * address are limited (SIGNUP_MAIL_POLICY) so the form cannot be used to flood someone's inbox;
 * past the limit the answer is still the same and nothing is sent.
 *
 * Finishing (`completeSignup`) asks for the password chosen at sign-up: whoever typed the address
 * may not own it, and without this a stranger could sign someone up with a password the stranger
 * knows and wait for the owner to click. It is a form, not a GET, so mail scanners that open links
 * make nothing. The account is made with its address confirmed (email_verifications), so
 * `mayPostUnverified` lets it post; the verify-email links remain for changed addresses and for
 * accounts made before this flow.
 */
import type { Kysely } from "kysely";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Database, User } from "../../db/schema";
import { inTransaction } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { randomId } from "../utils/ids.server";
import { hashPassword, verifyPassword } from "../utils/password.server";
import type { TokenProblem } from "./account-tokens.server";
import { findInviteLink } from "./circle/invites.server";
import { findInvite } from "./group-joining.server";
import { absoluteUrl } from "./mail/config.server";
import { renderMail } from "./mail/compose.server";
import { enqueueMail } from "./mail/outbox.server";
import { getSiteConfig } from "./site-config.server";
import { blockedUntil, recordFailure, type ThrottlePolicy } from "./throttle.server";
import { createUser, DuplicateAccountError, findUserByEmail, normalizeEmail } from "./users.server";

const MINUTE = 60_000;
/** How long a link to finish joining works. */
export const SIGNUP_TTL_MS = 24 * 60 * MINUTE;
/** Unused and used sign-ups are deleted this long after they expire (until then an old link gets a clear answer). */
export const SIGNUP_KEEP_MS = 7 * 24 * 60 * MINUTE;
/** Sign-up e-mails to one address (either kind): three freely, then an hour's pause that doubles, up to a day. */
export const SIGNUP_MAIL_POLICY: ThrottlePolicy = { freeFailures: 3, baseDelayMs: 60 * MINUTE, maxDelayMs: 24 * 60 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE };

/** Display names are public, so a taken one may be said at its field. */
export const NAME_TAKEN = "Someone here already uses that display name. Try adding an initial or a word you like.";

function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Whether this sign-up may go ahead. Invite-only sites (Admin → Site settings) take new accounts
 * only from people who arrived with a usable group invite link (`/invites/<token>`); they go on to
 * that invitation afterwards.
 */
export async function registrationFor(db: Kysely<Database>, redirectTo: string | null | undefined) {
  const config = await getSiteConfig(db);
  const token = /^\/invites\/([A-Za-z0-9_-]{8,100})$/.exec(redirectTo ?? "")?.[1];
  const invite = token ? await findInvite(db, token) : undefined;
  // A support-circle invite link (/circle/join/<token>) brings its person here too.
  const circleToken = /^\/circle\/join\/([A-Za-z0-9_-]{8,100})$/.exec(redirectTo ?? "")?.[1];
  const circleInvite = circleToken ? await findInviteLink(db, circleToken) : undefined;
  const invited = !!invite?.usable || !!(circleInvite?.usable && circleInvite.inviteeId === null);
  return { config, invited, redirectTo: invited ? redirectTo! : null, closed: config.registration === "invite_only" && !invited };
}

export interface SignupRequest {
  email: string;
  displayName: string;
  password: string;
  timeZone: string;
  redirectTo: string | null;
}

/** Sends the link to finish joining, or tells the address's owner. Answers nothing: the caller says "check your e-mail" either way. */
export async function requestSignup(db: Kysely<Database>, input: SignupRequest, now = clockNow()): Promise<void> {
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const key = `signup-mail:${email}`;
  const blocked = await blockedUntil(db, [key], now);
  await recordFailure(db, key, SIGNUP_MAIL_POLICY, now);
  if (blocked) return;
  const { siteName: site } = await getSiteConfig(db);
  const owner = await findUserByEmail(db, email);
  await inTransaction(db, async (tx) => {
    if (owner) await queueSignupAttemptNotice(tx, owner, site, now);
    else await storePendingSignup(tx, { ...input, email, passwordHash }, site, now);
  });
}

async function queueSignupAttemptNotice(db: Kysely<Database>, owner: User, site: string, now: Date) {
  const subject = `Someone tried to join ${site} with your e-mail address`;
  const body = renderMail({
    site,
    subject,
    greeting: `Hello ${owner.display_name},`,
    paragraphs: [
      `Someone just tried to make a new ${site} account with this e-mail address. You already have an account here, so no new account was made and nothing about yours has changed.`,
      `If it was you: you can sign in with your password as usual. If you've forgotten it, you can choose a new one here: ${absoluteUrl("/forgot-password")}`,
    ],
    action: { label: `Sign in to ${site}`, url: absoluteUrl("/login") },
    footnote: "If it wasn't you, you can ignore this e-mail. Your account and your password are as they were.",
  });
  await enqueueMail(db, { idempotencyKey: `account:signup-attempt:${owner.id}:${now.toISOString()}`, userId: owner.id, to: owner.email, subject, ...body }, now);
}

async function storePendingSignup(db: Kysely<Database>, input: Omit<SignupRequest, "password"> & { passwordHash: string }, site: string, now: Date) {
  const token = randomId(20);
  const row = await db
    .insertInto("pending_signups")
    .values({
      token_hash: hashToken(token),
      email: input.email,
      display_name: input.displayName,
      password_hash: input.passwordHash,
      time_zone: input.timeZone,
      redirect_to: input.redirectTo,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SIGNUP_TTL_MS).toISOString(),
      used_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const subject = `Finish joining ${site}`;
  const body = renderMail({
    site,
    subject,
    greeting: `Hello ${input.displayName},`,
    paragraphs: [
      `Thank you for joining ${site}. To finish, open the link below and enter the password you chose. Your account is made then, and not before.`,
      "The link works once, for the next 24 hours.",
    ],
    action: { label: "Finish joining", url: absoluteUrl(`/join/${token}`) },
    footnote: `If you didn't ask to join ${site}, you can ignore this e-mail: no account is made without this link.`,
  });
  await enqueueMail(db, { idempotencyKey: `account:signup:${row.id}`, userId: null, to: input.email, subject, ...body }, now);
}

export type PendingSignup = { id: number; email: string; display_name: string; password_hash: string; time_zone: string; redirect_to: string | null };

/** The sign-up behind a link, if it can still be finished, or why not. */
export async function findPendingSignup(db: Kysely<Database>, token: string, now = clockNow()): Promise<{ ok: true; row: PendingSignup } | { ok: false; problem: TokenProblem }> {
  if (!/^[a-z2-7]{20,64}$/.test(token)) return { ok: false, problem: "invalid" };
  const row = await db.selectFrom("pending_signups").selectAll().where("token_hash", "=", hashToken(token)).executeTakeFirst();
  if (!row) return { ok: false, problem: "invalid" };
  if (row.used_at) return { ok: false, problem: "used" };
  if (row.expires_at <= now.toISOString()) return { ok: false, problem: "expired" };
  return { ok: true, row };
}

export type SignupProblem = TokenProblem | "password" | "displayName" | "taken";

/**
 * Makes the account from the sign-up behind `token`, if `password` is the one chosen then. The
 * account's address counts as confirmed. One transaction: the link is used up only if the account
 * was made (a display name taken meanwhile can be changed and the same link tried again).
 */
export async function completeSignup(
  db: Kysely<Database>,
  token: string,
  input: { password: string; displayName?: string },
  now = clockNow(),
): Promise<{ ok: true; userId: string; redirectTo: string | null } | { ok: false; problem: SignupProblem }> {
  const found = await findPendingSignup(db, token, now);
  if (!found.ok) return found;
  const pending = found.row;
  if (!(await verifyPassword(pending.password_hash, input.password))) return { ok: false, problem: "password" };
  try {
    return await inTransaction(db, async (tx) => {
      if (await findUserByEmail(tx, pending.email)) return { ok: false as const, problem: "taken" as const };
      const user = await createUser(
        tx,
        { email: pending.email, displayName: input.displayName ?? pending.display_name, password: "", passwordHash: pending.password_hash, timeZone: pending.time_zone },
        now,
      );
      const used = await tx
        .updateTable("pending_signups")
        .set({ used_at: now.toISOString(), password_hash: "" })
        .where("id", "=", pending.id)
        .where("used_at", "is", null)
        .executeTakeFirst();
      // Opened twice at once: the other one made the account.
      if (Number(used.numUpdatedRows) !== 1) throw new SignupRace();
      await tx.insertInto("email_verifications").values({ user_id: user.id, email: user.email, verified_at: now.toISOString() }).execute();
      return { ok: true as const, userId: user.id, redirectTo: pending.redirect_to };
    });
  } catch (error) {
    if (error instanceof SignupRace) return { ok: false, problem: "used" };
    if (error instanceof DuplicateAccountError) return { ok: false, problem: error.field === "email" ? "taken" : "displayName" };
    throw error;
  }
}

class SignupRace extends Error {}

/** Scheduled upkeep: an expired sign-up's password hash is dropped at once, the rest a week later (until then its link gets a clear answer). */
export async function purgeOldSignups(db: Kysely<Database>, now = clockNow()): Promise<number> {
  await db.updateTable("pending_signups").set({ password_hash: "" }).where("expires_at", "<=", now.toISOString()).where("password_hash", "!=", "").execute();
  const result = await db
    .deleteFrom("pending_signups")
    .where("expires_at", "<", new Date(now.getTime() - SIGNUP_KEEP_MS).toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
