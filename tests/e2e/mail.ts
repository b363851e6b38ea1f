// The e-mails the e2e server wrote (HARBOR_MAIL_DIR, see playwright.config.ts), read as a member
// reads them: by recipient and subject, following the links inside.
import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";

const MAIL_DIR = "data/e2e/mail";

export interface Mail {
  subject: string;
  text: string;
  listUnsubscribe: string | null;
}

/** Undoes quoted-printable (soft line breaks, =XX bytes) in the plain-text part. */
function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

export function readMails(to: string): Mail[] {
  if (!fs.existsSync(MAIL_DIR)) return [];
  const mails: Mail[] = [];
  // Named <time>-<outbox id>.eml: sorted by id, oldest first.
  const files = fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith(".eml"));
  const id = (f: string) => Number(/-(\d+)\.eml$/.exec(f)?.[1] ?? 0);
  for (const file of files.sort((a, b) => id(a) - id(b))) {
    const raw = fs.readFileSync(path.join(MAIL_DIR, file), "utf8");
    const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
    if (!new RegExp(`^To: ${to.replace(/[.+]/g, "\\$&")}$`, "im").test(head)) continue;
    mails.push({
      subject: /^Subject: (.*)$/im.exec(head)?.[1] ?? "",
      text: decodeQuotedPrintable(raw),
      listUnsubscribe: /^List-Unsubscribe: <(.*)>$/im.exec(head)?.[1] ?? null,
    });
  }
  return mails;
}

export async function waitForMail(to: string, subject: string, timeout = 15_000): Promise<Mail> {
  let found: Mail | undefined;
  await expect.poll(() => (found = readMails(to).find((m) => m.subject === subject)) !== undefined, { timeout, message: `an e-mail "${subject}" to ${to}` }).toBe(true);
  return found!;
}

/** Like waitForMail, for a mail that comes after the `seen` such mails already there (a second sign-up with one address). */
export async function waitForNewMail(to: string, subject: string, seen: number, timeout = 15_000): Promise<Mail> {
  const matching = () => readMails(to).filter((m) => m.subject === subject);
  await expect.poll(() => matching().length > seen, { timeout, message: `a new e-mail "${subject}" to ${to}` }).toBe(true);
  return matching().at(-1)!;
}

/** The path (and query) of the first link in a mail that starts with `prefix`, e.g. "/join/". */
export function linkIn(mail: Mail, prefix: string): string {
  const url = new RegExp(`https?://[^\\s"<>]*${prefix.replace(/[/.]/g, "\\$&")}[^\\s"<>]*`).exec(mail.text)?.[0];
  if (!url) throw new Error(`No ${prefix} link in the e-mail "${mail.subject}"`);
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}
