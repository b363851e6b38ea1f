/**
 * The spec's group, contact and 7th-tradition fields, and the value rules the form and the import
 * share: plain text (tags removed), names without last names, phones that can be dialled, zones
 * that are places and not abbreviations. Browser-safe.
 */
import type { MeetingContact } from "../../db/schema/meetings";

/** Tags removed, entities of the common kinds decoded, line breaks kept: imported names and notes are plain text. */
export function stripTags(value: string): string {
  if (!/[<&]/.test(value)) return value;
  return value
    .replace(/<\s*br\s*\/?>/gi, "\n")
    .replace(/<\/\s*(p|div|li)\s*>/gi, "\n")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<\/?[a-z][^>]*>/gi, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/\n{3,}/g, "\n\n");
}

/** "John Smith" → "John S."; "Mary" and "Sam R." stay as they are. Contact fields never carry last names. */
export function safeContactName(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return words.join("");
  const last = words[words.length - 1]!;
  if (/^[\p{L}]\.?$/u.test(last)) return words.join(" ");
  return `${words.slice(0, -1).join(" ")} ${[...last][0]!.toUpperCase()}.`;
}

/**
 * A phone that can be dialled: "+" optional, then 7 to 15 digits (E.164's longest), then
 * pauses and codes (`,` `*` `#`). "+11" is refused. Formatting (spaces, dashes, dots, brackets)
 * is dropped first.
 */
export function phoneProblem(phone: string): string | null {
  if (!phone) return null;
  if (!/^\+?[0-9][0-9,*#]*$/.test(phone)) return "A phone number may contain only digits and + , * # (spaces and dashes are fine).";
  const dialled = /^\+?([0-9]+)/.exec(phone)![1]!;
  if (dialled.length < 7 || dialled.length > 15) return "That isn't a whole phone number: give it with its area or country code, like +1 646 558 8656.";
  return null;
}

/**
 * Why a time zone name is refused, or null. Abbreviations ("EST", "PDT", "CET") are not places: they
 * don't follow daylight saving, and "EST" in July is an hour off New York.
 */
export function zoneAbbreviationProblem(zone: string): string | null {
  if (zone === "UTC" || zone === "Etc/UTC") return null;
  if (/^[A-Z]{2,5}(\d{1,2}([A-Z]{2,4})?)?$/.test(zone)) {
    return `"${zone}" is an abbreviation, not a time zone: it doesn't follow daylight saving. Use the place's zone, like America/New_York or Europe/London.`;
  }
  return null;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

export interface ContactProblem {
  index: number;
  message: string;
}

/** Up to three contacts, cleaned: names shortened to a first name and initial, phones and e-mails checked. */
export function cleanContacts(list: { name?: string; email?: string; phone?: string }[]): { contacts: MeetingContact[]; problems: ContactProblem[] } {
  const contacts: MeetingContact[] = [];
  const problems: ContactProblem[] = [];
  list.slice(0, 3).forEach((c, index) => {
    const name = safeContactName(
      stripTags(c.name ?? "")
        .replace(/\s+/g, " ")
        .trim(),
    ).slice(0, 60);
    const email = (c.email ?? "").trim().slice(0, 200);
    const phone = (c.phone ?? "").replace(/[\s\-.()]/g, "");
    if (!name && !email && !phone) return;
    if (email && !EMAIL.test(email)) problems.push({ index, message: `Contact ${index + 1}'s e-mail address "${email.slice(0, 60)}" doesn't look like one.` });
    const phoneError = phoneProblem(phone);
    if (phoneError) problems.push({ index, message: `Contact ${index + 1}'s phone: ${phoneError}` });
    contacts.push({ name, email: email && EMAIL.test(email) ? email : "", phone: phoneError ? "" : phone });
  });
  return { contacts: contacts.filter((c) => c.name || c.email || c.phone), problems };
}

export function parseContacts(stored: string): MeetingContact[] {
  if (!stored) return [];
  try {
    const value = JSON.parse(stored) as unknown;
    return Array.isArray(value) ? (value as MeetingContact[]).filter((c) => c && typeof c === "object") : [];
  } catch {
    return [];
  }
}

/** An http(s) address, or null. */
export function webAddress(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.toString() : null;
  } catch {
    return null;
  }
}

/** 7th-tradition handles as the spec writes them: Venmo "@Name", Cash App "$Name", PayPal.me "Name". */
export const HANDLES = {
  venmo: { label: "Venmo", pattern: /^@?[A-Za-z0-9_-]{1,30}$/, prefix: "@", link: (h: string) => `https://venmo.com/u/${h.slice(1)}` },
  square: { label: "Cash App", pattern: /^\$?[A-Za-z0-9_]{1,20}$/, prefix: "$", link: (h: string) => `https://cash.app/${h}` },
  paypal: { label: "PayPal", pattern: /^[A-Za-z0-9]{1,40}$/, prefix: "", link: (h: string) => `https://www.paypal.me/${h}` },
} as const;

export type HandleKind = keyof typeof HANDLES;

/** The handle written the spec's way ("@Group"), "" for none, null when it isn't one. */
export function cleanHandle(kind: HandleKind, value: string): string | null {
  let v = value.trim();
  if (!v) return "";
  if (kind === "paypal") v = v.replace(/^https?:\/\/(www\.)?paypal\.me\//i, "").replace(/\/$/, "");
  if (!HANDLES[kind].pattern.test(v)) return null;
  const { prefix } = HANDLES[kind];
  return prefix && !v.startsWith(prefix) ? prefix + v : v;
}
