/**
 * The guards the support circle's pages start with, and how its errors become answers: a circle
 * page of a member answers 404 to everyone but the people that member shared with (the policy,
 * app/policy/circle.ts), and a refused change is the form's message at its field, with a 4xx.
 */
import type { AppLoadContext } from "@remix-run/node";
import { circleViewFor, type CircleView } from "../policy/circle";
import { CircleRuleError, getCircleLink } from "../models/circle/people.server";
import { requireUser } from "./auth.server";
import { getDb } from "./db.server";
import { formFailure } from "./forms.server";
import { notFoundResponse } from "./recovery.server";

/** Signed in, and shown this member's circle page; otherwise 404 (whoever asks). */
export async function requireCircleView(request: Request, context: Partial<AppLoadContext> | undefined, memberId: string | undefined) {
  const user = await requireUser(request, context);
  const db = getDb();
  const link = memberId && /^[a-z0-9]{1,64}$/.test(memberId) ? await getCircleLink(db, memberId, user.id) : null;
  const view: CircleView | null = circleViewFor({ id: user.id, role: user.role }, memberId ?? "", link);
  if (!view) throw notFoundResponse();
  return { user, db, view };
}

/** A broken rule becomes the form's message at its field (4xx); "not found" becomes a 404 page. */
export function circleFailure(error: unknown, values: Record<string, unknown> = {}) {
  if (error instanceof CircleRuleError) {
    if (error.status === 404) throw notFoundResponse();
    const kept: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (typeof v === "string") kept[k] = v;
    return formFailure({ [error.field]: error.message }, kept, error.status);
  }
  throw error;
}
