/**
 * Forms: every submitted field goes through the form's zod schema (decision 0013). A field the
 * schema declares as an array (a group of checkboxes, a multi-select) gets every value sent under
 * its name, in order, and an empty array when none was; any other field gets the first value.
 */
import { data } from "@remix-run/node";
import { z } from "zod";

export type FieldErrors = Record<string, string>;

export interface FormFailure {
  ok: false;
  /** One message per field that was wrong; `form` for the form as a whole. */
  errors: FieldErrors;
  /** What the person typed (passwords excepted), so the form can keep it. */
  values: Record<string, string>;
  /** What they chose in the multi-value fields (checkbox groups, multi-selects), so the form can keep it. */
  lists: Record<string, string[]>;
}

export type FormResult<T> = { ok: true; data: T; formData: FormData } | FormFailure;

function keepValues(formData: FormData, lists: Set<string>): Pick<FormFailure, "values" | "lists"> {
  const values: Record<string, string> = {};
  const kept: Record<string, string[]> = {};
  for (const name of lists) kept[name] = [];
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string" || /password/i.test(key)) continue;
    const list = kept[key];
    if (!list) values[key] ??= value.slice(0, 20_000);
    else if (list.length < 100) list.push(value.slice(0, 1_000));
  }
  return { values, lists: kept };
}

/** The schema's fields that take a list: z.array fields, looked for through optional, default, refine/transform and unions. */
export function listFields(schema: z.ZodTypeAny): Set<string> {
  const found = new Set<string>();
  const isList = (type: z.ZodTypeAny): boolean => {
    const inner = unwrap(type);
    return inner instanceof z.ZodArray;
  };
  const visit = (type: z.ZodTypeAny) => {
    const inner = unwrap(type);
    if (inner instanceof z.ZodObject) {
      for (const [key, field] of Object.entries(inner.shape as Record<string, z.ZodTypeAny>)) if (isList(field)) found.add(key);
    } else if (inner instanceof z.ZodDiscriminatedUnion || inner instanceof z.ZodUnion) {
      for (const option of inner.options as z.ZodTypeAny[]) visit(option);
    } else if (inner instanceof z.ZodIntersection) {
      visit(inner._def.left);
      visit(inner._def.right);
    }
  };
  visit(schema);
  return found;
}

function unwrap(type: z.ZodTypeAny): z.ZodTypeAny {
  if (type instanceof z.ZodEffects) return unwrap(type.innerType());
  if (type instanceof z.ZodOptional || type instanceof z.ZodNullable || type instanceof z.ZodDefault) return unwrap(type._def.innerType);
  if (type instanceof z.ZodPipeline) return unwrap(type._def.in);
  if (type instanceof z.ZodBranded) return unwrap(type.unwrap());
  return type;
}

/** A form's entries as the schema wants them: lists for its array fields, the first value for the others. */
export function formEntries(formData: FormData, lists: Set<string>): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const name of lists) raw[name] = formData.getAll(name);
  for (const [key, value] of formData.entries()) if (!(key in raw)) raw[key] = value;
  return raw;
}

const UNREADABLE = "We couldn't read that form. Please try again.";

/** The submitted form, or null when it cannot be read (then answer with unreadableForm()). */
export async function readForm(request: Request): Promise<FormData | null> {
  try {
    return await request.formData();
  } catch {
    return null;
  }
}

/** The answer to a form that could not be read at all. */
export function unreadableForm() {
  return formFailure({ form: UNREADABLE });
}

/** Reads a submitted form and checks it against its schema. Never throws on bad input. */
export async function parseForm<S extends z.ZodTypeAny>(request: Request, schema: S): Promise<FormResult<z.infer<S>>> {
  const formData = await readForm(request);
  if (!formData) return { ok: false, errors: { form: UNREADABLE }, values: {}, lists: {} };
  return parseFormData(formData, schema);
}

/** parseForm for a form already read (a multipart upload, or a form the action looked at first). */
export function parseFormData<S extends z.ZodTypeAny>(formData: FormData, schema: S): FormResult<z.infer<S>> {
  const lists = listFields(schema);
  const result = schema.safeParse(formEntries(formData, lists));
  if (result.success) return { ok: true, data: result.data, formData };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "form";
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, ...keepValues(formData, lists) };
}

/** The answer to a form with mistakes: 400 (or another 4xx), the messages, and what was typed. */
export function formFailure(errors: FieldErrors, values: Record<string, string> = {}, status = 400, lists: Record<string, string[]> = {}) {
  return data<FormFailure>({ ok: false, errors, values, lists }, { status });
}

/** Same as formFailure, for a parse that already failed. */
export function rejectForm(failure: FormFailure, status = 400) {
  return formFailure(failure.errors, failure.values, status, failure.lists);
}
