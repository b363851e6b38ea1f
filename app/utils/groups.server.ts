/**
 * The guard every group page starts with. What a viewer may not read does not exist for them:
 * 404, never a hint. Signed-out visitors are sent to sign in where signing in could help.
 */
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getGroupAccess, type GroupAccess } from "../models/groups.server";
import { getThreadForViewer } from "../models/threads.server";
import { getAuth } from "./auth.server";
import { getDb } from "./db.server";
import type { ValidatedSession } from "../models/sessions.server";
import { mayPostUnverified } from "../models/account-tokens.server";

export type GroupNeed = "see" | "read" | "post" | "moderate";

export function notFound(): Response {
  return new Response("Not found", { status: 404, statusText: "Not Found" });
}

/** Sends a signed-out visitor to sign in, and back here afterwards. */
export function toSignIn(request: Request): Response {
  const url = new URL(request.url);
  const back = request.method === "GET" ? `${url.pathname}${url.search}` : url.pathname;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
}

export interface GroupContext {
  access: GroupAccess;
  auth: ValidatedSession | null;
}

export async function requireGroup(request: Request, context: Partial<AppLoadContext> | undefined, slug: string | undefined, need: GroupNeed): Promise<GroupContext> {
  const auth = await getAuth(request, context);
  const viewer = auth ? { id: auth.user.id, role: auth.user.role } : null;
  const access = slug ? await getGroupAccess(getDb(), slug, viewer) : null;
  if (!access) throw notFound();
  if (need === "see") return { access, auth };
  if (!access.canRead) throw auth ? notFound() : toSignIn(request);
  if (need === "read") return { access, auth };
  if (!auth) throw toSignIn(request);
  if (need === "post" && !access.canPost) {
    throw new Response("Only members of this group can post here. Join the group first.", { status: 403, statusText: "Forbidden" });
  }
  if (need === "post" && !(await mayPostUnverified(getDb(), auth.user.id))) {
    throw new Response("Please confirm your e-mail address before posting: we sent you a link. You can send a new one under Settings → E-mail address.", { status: 403, statusText: "Forbidden" });
  }
  if (need === "moderate" && !access.isModerator) {
    throw new Response("Only this group's moderators can do that.", { status: 403, statusText: "Forbidden" });
  }
  return { access, auth };
}

/** A thread of this group, still there, with how far the viewer has read it; otherwise 404. */
export async function requireThreadIn(access: GroupAccess, threadIdParam: string | undefined, viewerId: string | null = null) {
  const thread = await getThreadForViewer(getDb(), Number(threadIdParam), viewerId);
  if (!thread || thread.group_id !== access.group.id) throw notFound();
  // Moderation: a thread waiting for approval exists only for its author and the moderators; a hidden one only for moderators.
  if (thread.status === "pending" && !(access.isModerator || (viewerId !== null && thread.author_id === viewerId))) throw notFound();
  if (thread.hidden_at && !access.isModerator) throw notFound();
  return thread;
}
