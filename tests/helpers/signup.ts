/**
 * Signing up as a browser does since issue 20: the form, then the link in the "Finish joining"
 * e-mail (read from the outbox), then the password again. Each call comes from its own client
 * address, so the per-address sign-up limit belongs to the tests that are about it.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import * as signupRoute from "../../app/routes/signup/route";
import * as joinRoute from "../../app/routes/join.$token/route";
import { BASE, call, context, post, type Outcome } from "./requests";

let addresses = 0;
/** A client address no other call in this run has used (from 198.18.0.0/15, the benchmarking range). */
export function freshIp(): string {
  addresses += 1;
  return `198.18.${Math.floor(addresses / 250) % 250}.${(addresses % 250) + 1}`;
}

/** The secret from the newest "Finish joining" link sent to this address, or null. */
export async function signupLinkFor(db: Kysely<Database>, email: string): Promise<string | null> {
  const mails = await db.selectFrom("mail_outbox").select("text_body").where("to_address", "=", email.toLowerCase()).orderBy("id", "desc").execute();
  for (const mail of mails) {
    const match = /\/join\/([a-z2-7]+)/.exec(mail.text_body);
    if (match) return match[1]!;
  }
  return null;
}

export interface SignupFields {
  displayName: string;
  email: string;
  password: string;
  timeZone?: string;
}

/** Posts the sign-up form (at `path`, e.g. with ?redirectTo=) from a fresh address. */
export function submitSignup(fields: SignupFields | Record<string, string>, options: { path?: string; ip?: string } = {}): Promise<Outcome> {
  return call(signupRoute.action, post(options.path ?? "/signup", { ...fields } as Record<string, string>), {}, context(options.ip ?? freshIp()));
}

/** Posts the "Finish joining" form for a link. `base` lets a test use https. */
export function finishJoining(token: string, fields: Record<string, string>, options: { base?: string; ip?: string } = {}): Promise<Outcome> {
  const base = options.base ?? BASE;
  const request = new Request(`${base}/join/${token}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
  });
  return call(joinRoute.action, request, { token }, context(options.ip ?? freshIp()));
}

/** The whole way: the form, the e-mailed link, the password. Returns the last answer (a redirect, signed in). */
export async function signUpByLink(db: Kysely<Database>, fields: SignupFields, options: { path?: string; base?: string } = {}): Promise<Outcome> {
  const sent = await submitSignup(fields, options);
  if (sent.status !== 302) throw new Error(`Sign-up was refused (${sent.status}): ${JSON.stringify(sent.body)}`);
  const token = await signupLinkFor(db, fields.email);
  if (!token) throw new Error(`No "Finish joining" e-mail to ${fields.email}`);
  return finishJoining(token, { password: fields.password }, options);
}
