/**
 * The guard every group page starts with. What a viewer may not read does not exist for them:
 * 404, never a hint. Signed-out visitors are sent to sign in where signing in could help.
 */
import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getGroupAccess, type GroupAccess, type GroupHead } from "../models/groups.server";
import type { Group } from "../../db/schema";
import { getGroupAndThread, type ThreadForViewer } from "../models/thread-pages.server";
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

/** Posting and moderating need a signed-in member: for these the guards return a session, never null. */
export type SignedInNeed = "post" | "moderate";

export interface GroupContext<G extends GroupHead = Group, A extends ValidatedSession | null = ValidatedSession | null> {
  access: GroupAccess<G>;
  auth: A;
}

export function requireGroup(
  request: Request,
  context: Partial<AppLoadContext> | undefined,
  slug: string | undefined,
  need: SignedInNeed,
): Promise<GroupContext<Group, ValidatedSession>>;
export function requireGroup(request: Request, context: Partial<AppLoadContext> | undefined, slug: string | undefined, need: GroupNeed): Promise<GroupContext>;
export async function requireGroup(request: Request, context: Partial<AppLoadContext> | undefined, slug: string | undefined, need: GroupNeed): Promise<GroupContext> {
  const auth = await getAuth(request, context);
  const viewer = auth ? { id: auth.user.id, role: auth.user.role } : null;
  const access = await admit(request, auth, slug ? await getGroupAccess(getDb(), slug, viewer) : null, need);
  return { access, auth };
}

/** The access, when it is enough for `need` (for a SignedInNeed: only with a session); otherwise throws the answer for the viewer. */
async function admit<G extends GroupHead>(request: Request, auth: ValidatedSession | null, access: GroupAccess<G> | null, need: GroupNeed): Promise<GroupAccess<G>> {
  if (!access) throw notFound();
  if (need === "see") return access;
  if (!access.canRead) throw auth ? notFound() : toSignIn(request);
  if (need === "read") return access;
  if (!auth) throw toSignIn(request);
  if (need === "post" && !access.canPost) {
    throw new Response("Only members of this group can post here. Join the group first.", { status: 403, statusText: "Forbidden" });
  }
  if (need === "post" && !(await mayPostUnverified(getDb(), auth.user.id))) {
    throw new Response("Please confirm your e-mail address before posting: we sent you a link. You can send a new one under Settings → E-mail address.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
  if (need === "moderate" && !access.isModerator) {
    throw new Response("Only this group's moderators can do that.", { status: 403, statusText: "Forbidden" });
  }
  return access;
}

/**
 * requireGroup for a thread page: the group as above, and a thread of it that is still there, with
 * how far the viewer has read it; otherwise 404. Both come from one query.
 */
export function requireGroupThread(
  request: Request,
  context: Partial<AppLoadContext> | undefined,
  slug: string | undefined,
  threadIdParam: string | undefined,
  need: "post",
): Promise<GroupContext<GroupHead, ValidatedSession> & { thread: ThreadForViewer }>;
export function requireGroupThread(
  request: Request,
  context: Partial<AppLoadContext> | undefined,
  slug: string | undefined,
  threadIdParam: string | undefined,
  need: "read" | "post",
): Promise<GroupContext<GroupHead> & { thread: ThreadForViewer }>;
export async function requireGroupThread(
  request: Request,
  context: Partial<AppLoadContext> | undefined,
  slug: string | undefined,
  threadIdParam: string | undefined,
  need: "read" | "post",
): Promise<GroupContext<GroupHead> & { thread: ThreadForViewer }> {
  const auth = await getAuth(request, context);
  const viewer = auth ? { id: auth.user.id, role: auth.user.role } : null;
  const found = slug ? await getGroupAndThread(getDb(), slug, Number(threadIdParam), viewer) : null;
  const access = await admit(request, auth, found?.access ?? null, need);
  const thread = found?.thread;
  if (!thread) throw notFound();
  // Moderation: a thread waiting for approval exists only for the moderators, and for its author to
  // read (nobody replies to it or reacts in it before it is approved); a hidden one only for moderators.
  const authorReads = need === "read" && viewer !== null && thread.author_id === viewer.id;
  if (thread.status === "pending" && !(access.isModerator || authorReads)) throw notFound();
  if (thread.hidden_at && !access.isModerator) throw notFound();
  return { access, auth, thread };
}
