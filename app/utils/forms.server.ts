import { data } from "@remix-run/node";
import type { z } from "zod";

export type FieldErrors = Record<string, string>;

export interface FormFailure {
  ok: false;
  /** One message per field that was wrong; `form` for the form as a whole. */
  errors: FieldErrors;
  /** What the person typed (passwords excepted), so the form can keep it. */
  values: Record<string, string>;
}

export type FormResult<T> = { ok: true; data: T; formData: FormData } | FormFailure;

function keepValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !/password/i.test(key)) values[key] = value.slice(0, 20_000);
  }
  return values;
}

/** Reads a submitted form and checks it against its schema. Never throws on bad input. */
export async function parseForm<S extends z.ZodTypeAny>(request: Request, schema: S): Promise<FormResult<z.infer<S>>> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    return { ok: false, errors: { form: "We couldn't read that form. Please try again." }, values: {} };
  }
  const raw: Record<string, FormDataEntryValue> = {};
  for (const [key, value] of formData.entries()) if (!(key in raw)) raw[key] = value;
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data, formData };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "form";
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, values: keepValues(formData) };
}

/** The answer to a form with mistakes: 400 (or another 4xx), the messages, and what was typed. */
export function formFailure(errors: FieldErrors, values: Record<string, string> = {}, status = 400) {
  return data<FormFailure>({ ok: false, errors, values }, { status });
}

/** Same as formFailure, for a parse that already failed. */
export function rejectForm(failure: FormFailure, status = 400) {
  return formFailure(failure.errors, failure.values, status);
}
