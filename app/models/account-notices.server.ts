/**
 * Security notices about one's own account (the password or the e-mail address changed). Queued in
 * the transaction that makes the change; sent whatever the member's notification preferences.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";
import { absoluteUrl } from "./mail/config.server";
import { renderMail } from "./mail/compose.server";
import { enqueueMail } from "./mail/outbox.server";
import { getSiteConfig } from "./site-config.server";

const NOT_YOU = "If this wasn't you, reset your password now and contact the site's admin: someone else may have your password.";

export async function queuePasswordChangedNotice(db: Kysely<Database>, userId: string, now = clockNow()): Promise<void> {
  const user = await db.selectFrom("users").select(["email", "display_name"]).where("id", "=", userId).executeTakeFirst();
  if (!user) return;
  const { siteName: site } = await getSiteConfig(db);
  const subject = `Your ${site} password was changed`;
  const body = renderMail({
    site,
    subject,
    greeting: `Hello ${user.display_name},`,
    paragraphs: [`The password of your ${site} account was just changed, and other devices were signed out.`, NOT_YOU],
    action: { label: "Reset my password", url: absoluteUrl("/forgot-password") },
  });
  await enqueueMail(db, { idempotencyKey: `account:password-changed:${userId}:${now.toISOString()}`, userId, to: user.email, subject, ...body }, now);
}

/** Tells the old address that the account now uses another one (the new address is not named). */
export async function queueEmailChangedNotice(db: Kysely<Database>, userId: string, oldEmail: string, now = clockNow()): Promise<void> {
  const user = await db.selectFrom("users").select(["display_name"]).where("id", "=", userId).executeTakeFirst();
  if (!user) return;
  const { siteName: site } = await getSiteConfig(db);
  const subject = `Your ${site} e-mail address was changed`;
  const body = renderMail({
    site,
    subject,
    greeting: `Hello ${user.display_name},`,
    paragraphs: [`The e-mail address of your ${site} account was just changed, so ${site} won't write to this address any more.`, NOT_YOU],
    action: { label: "Reset my password", url: absoluteUrl("/forgot-password") },
  });
  await enqueueMail(db, { idempotencyKey: `account:email-changed:${userId}:${now.toISOString()}`, userId, to: oldEmail, subject, ...body }, now);
}

/** Admin → E-mail, "Send a test e-mail to me": through the outbox, as every other e-mail goes. */
export async function queueTestMail(db: Kysely<Database>, userId: string, now = clockNow()): Promise<string | null> {
  const user = await db.selectFrom("users").select(["email", "display_name"]).where("id", "=", userId).executeTakeFirst();
  if (!user) return null;
  const { siteName: site } = await getSiteConfig(db);
  const subject = `A test e-mail from ${site}`;
  const body = renderMail({
    site,
    subject,
    greeting: `Hello ${user.display_name},`,
    paragraphs: [`You asked ${site} to send this from Admin → E-mail. If you are reading it, e-mail reaches people: password resets and notifications will too.`],
    action: { label: `Open ${site}`, url: absoluteUrl("/admin/email") },
  });
  await enqueueMail(db, { idempotencyKey: `admin:test-mail:${userId}:${now.toISOString()}`, userId, to: user.email, subject, ...body }, now);
  return user.email;
}
