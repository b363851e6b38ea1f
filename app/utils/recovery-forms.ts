/** Schema pieces for the recovery pages' forms. Browser-safe: route modules build their schemas from these. */
import { z } from "zod";
import { isLocalDate, isLocalTime } from "./sobriety";
import { cleanText, textField } from "./schemas";

/** A calendar date from `<input type="date">` (YYYY-MM-DD). */
export function dateField(label: string) {
  return z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : ""),
    z.string().min(1, `Please enter ${label.toLowerCase()}.`).refine(isLocalDate, `${label} must be a real date (YYYY-MM-DD).`),
  );
}

/** An optional time of day from `<input type="time">` (HH:MM); empty means none. */
export const optionalTimeField = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? v.trim().slice(0, 5) : null),
  z.string().refine(isLocalTime, "Enter a time like 21:30.").nullable(),
);

/** Private free text: cleaned, line breaks kept, limited. */
export function privateTextField(label: string, max: number) {
  return z.preprocess(
    (v) => (typeof v === "string" ? cleanText(v, true) : ""),
    z.string().refine((s) => [...s].length <= max, `${label} can be at most ${max.toLocaleString("en-US")} characters (it has more).`),
  );
}

export const trackerNameField = textField("A name", { min: 1, max: 60 });

/** A whole number in a range, from a text or number input. */
export function integerField(label: string, min: number, max: number, options: { required?: boolean } = {}) {
  const required = options.required ?? true;
  return z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null),
    z
      .string()
      .nullable()
      .refine((s) => s !== null || !required, `Please choose ${label.toLowerCase()}.`)
      .refine((s) => s === null || /^-?\d+$/.test(s), `${label} must be a whole number.`)
      .transform((s) => (s === null ? null : Number(s)))
      .refine((n) => n === null || (n >= min && n <= max), `${label} must be between ${min} and ${max}.`),
  );
}

/** A decimal number in a range with at most `decimals` places (hours slept, a dose in mg). */
export function decimalField(label: string, min: number, max: number, decimals: number, options: { required?: boolean } = {}) {
  const required = options.required ?? true;
  const pattern = new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`);
  return z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim().replace(",", ".") : null),
    z
      .string()
      .nullable()
      .refine((s) => s !== null || !required, `Please enter ${label.toLowerCase()}.`)
      .refine((s) => s === null || pattern.test(s), `${label} must be a number with at most ${decimals} decimal place${decimals === 1 ? "" : "s"}.`)
      .transform((s) => (s === null ? null : Number(s)))
      .refine((n) => n === null || (n >= min && n <= max), `${label} must be between ${min} and ${max}.`),
  );
}

export const checkboxField = z.preprocess((v) => v === "on" || v === "1" || v === "yes", z.boolean());
