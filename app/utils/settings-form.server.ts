/**
 * The action of an admin settings page (Site settings, Private messages): only with the
 * `site:settings` permission (403 otherwise), the form through its schema (a message at each wrong
 * field and a 400, nothing saved), then the model's save (which writes the audit entry) and the
 * page's "saved" line.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import type { Kysely } from "kysely";
import type { z } from "zod";
import type { Database } from "../../db/schema";
import { requirePermission } from "./auth.server";
import { getDb } from "./db.server";
import { parseForm, rejectForm } from "./forms.server";

export async function saveSettingsForm<S extends z.ZodTypeAny>(
  { request, context }: Pick<ActionFunctionArgs, "request" | "context">,
  schema: S,
  save: (db: Kysely<Database>, data: z.infer<S>, adminId: string) => Promise<unknown>,
  message: string,
) {
  const { user } = await requirePermission(request, context, "site:settings");
  const form = await parseForm(request, schema);
  if (!form.ok) return rejectForm(form);
  await save(getDb(), form.data, user.id);
  return { ok: true as const, message };
}
