/**
 * Building blocks for form schemas (zod). Each form's own schema sits next to its action and is
 * built from these, so every text field gets the same cleaning and the same kind of message.
 */
import { z } from "zod";
import { isValidTimeZone } from "./time";

// Controls (except tab/newline), zero-width characters, bidi overrides: invisible, and used to
// make one name look like another.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function cleanText(value: string, multiline: boolean): string {
  let text = value.normalize("NFC").replace(/\r\n?/g, "\n").replace(INVISIBLE, "");
  if (!multiline) text = text.replace(/\s+/g, " ");
  return text.trim();
}

function length(s: string): number {
  return [...s].length;
}

/** A text field: cleaned, then checked for required-ness and length, with messages that name the field. */
export function textField(label: string, options: { min?: number; max: number; multiline?: boolean }) {
  const { min = 0, max, multiline = false } = options;
  return z.preprocess(
    (value) => (typeof value === "string" ? cleanText(value, multiline) : value == null ? "" : value),
    z
      .string({ invalid_type_error: `${label} must be text.` })
      .refine((s) => !s.includes("\uFFFD"), `${label} has characters we couldn't read. Please type it again.`)
      .refine((s) => min === 0 || length(s) > 0, `Please enter ${label.toLowerCase()}.`)
      .refine((s) => length(s) === 0 || length(s) >= min, `${label} needs at least ${min} characters.`)
      .refine((s) => length(s) <= max, `${label} can be at most ${max} characters (it has more).`),
  );
}

export const emailField = z.preprocess(
  (value) => (typeof value === "string" ? value.normalize("NFKC").trim().toLowerCase() : ""),
  z.string().min(1, "Please enter your e-mail address.").max(254, "That e-mail address is too long.").email("Enter an e-mail address like name@example.org."),
);

/** A password as typed: never trimmed or altered. Strength is checked separately (password.server.ts). */
export function passwordField(label = "Password") {
  return z.preprocess((value) => (typeof value === "string" ? value : ""), z.string().min(1, `Please enter your ${label.toLowerCase()}.`).max(1024, `${label} is too long.`));
}

export const displayNameField = textField("Display name", { min: 2, max: 40 })
  .refine((s) => /[\p{L}\p{N}]/u.test(s), "Use at least one letter or number.")
  .refine((s) => !s.includes("@"), "Please don't use an e-mail address as your display name: it is shown to others.");

export const timeZoneField = z.preprocess(
  (value) => (typeof value === "string" ? value.trim() : ""),
  z.string().min(1, "Please choose a time zone.").refine(isValidTimeZone, "Choose a time zone from the list."),
);

export const bioField = textField("About you", { max: 500, multiline: true });

/** A whole number from `min` (0) to `max` typed into a settings form; each message names the field. An emptied field is an error, never 0. */
export function countField(label: string, max: number, min = 0) {
  return z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce
      .number({ invalid_type_error: `${label}: enter a number.` })
      .int(`${label}: enter a whole number.`)
      .min(min, `${label}: ${min} or more.`)
      .max(max, `${label}: at most ${max}.`),
  );
}

/** A checkbox: ticked sends "on", unticked sends nothing. */
export const checkboxField = z.preprocess((v) => v === "on", z.boolean());
