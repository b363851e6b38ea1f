/** The guard every moderation page and action starts with: signed in, and a moderator of some group (or an admin); otherwise 404. */
import type { AppLoadContext } from "@remix-run/node";
import { isModerator, moderatorScope } from "../models/moderation.server";
import { requireAuth } from "./auth.server";
import { getDb } from "./db.server";
import { notFound } from "./groups.server";

export async function requireModerator(request: Request, context: Partial<AppLoadContext> | undefined) {
  const auth = await requireAuth(request, context);
  const scope = await moderatorScope(getDb(), auth.user);
  if (!isModerator(scope)) throw notFound();
  return { auth, user: auth.user, scope, isAdmin: auth.user.role === "admin" };
}

/** Plain text of Markdown for a short excerpt in lists (moderators only). */
export function excerpt(source: string | null | undefined, max = 220): string {
  if (!source) return "";
  const text = source
    .replace(/[#>*_`~[\]()!|-]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
