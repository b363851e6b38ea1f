/**
 * The guard every recovery page starts with, and how its errors become answers. The whole area is
 * the signed-in member's own: pages only ever read the member's own rows, and anything addressed
 * by id that is not theirs answers 404 — to other members, moderators and admins alike.
 */
import type { AppLoadContext } from "@remix-run/node";
import { getMilestoneSet, RecoveryRuleError } from "../models/recovery-trackers.server";
import { requireUser } from "./auth.server";
import { getDb } from "./db.server";
import { formFailure } from "./forms.server";

export function notFoundResponse(): Response {
  return new Response("Not found", { status: 404, statusText: "Not Found" });
}

export async function requireRecoveryOwner(request: Request, context: Partial<AppLoadContext> | undefined) {
  const user = await requireUser(request, context);
  return { user, db: getDb(), timeZone: user.time_zone };
}

export async function requireRecoveryOwnerWithSet(request: Request, context: Partial<AppLoadContext> | undefined) {
  const owner = await requireRecoveryOwner(request, context);
  return { ...owner, set: await getMilestoneSet(owner.db) };
}

/** A broken rule becomes the form's message at its field (4xx); "not found" becomes a 404 page. */
export function recoveryFailure(error: unknown, values: Record<string, unknown> = {}) {
  if (error instanceof RecoveryRuleError) {
    if (error.status === 404) throw notFoundResponse();
    const kept: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (typeof v === "string") kept[k] = v;
    return formFailure({ [error.field]: error.message }, kept, error.status);
  }
  throw error;
}
