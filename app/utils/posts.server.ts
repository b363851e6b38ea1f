/** The guard for pages about one post: it exists, its thread is still there, and the viewer may read its group. */
import type { AppLoadContext } from "@remix-run/node";
import { getGroupAccessById } from "../models/groups.server";
import { getPostContext } from "../models/threads.server";
import { requireAuth } from "./auth.server";
import { getDb } from "./db.server";
import { notFound } from "./groups.server";

export async function requirePost(request: Request, context: Partial<AppLoadContext> | undefined, postIdParam: string | undefined) {
  const auth = await requireAuth(request, context);
  const db = getDb();
  const post = await getPostContext(db, Number(postIdParam));
  if (!post || post.thread_deleted_at) throw notFound();
  const access = await getGroupAccessById(db, post.group_id, { id: auth.user.id, role: auth.user.role });
  if (!access?.canRead) throw notFound();
  return { auth, post, access };
}
