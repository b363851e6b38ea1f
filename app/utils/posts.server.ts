/** The guard for pages about one post: it exists, and the viewer may see it (app/policy/content.ts); otherwise 404. */
import type { AppLoadContext } from "@remix-run/node";
import { getGroupAccessById } from "../models/groups.server";
import { getPostContext } from "../models/posts.server";
import { maySeePost } from "../policy";
import { requireAuth } from "./auth.server";
import { getDb } from "./db.server";
import { notFound } from "./groups.server";

export async function requirePost(request: Request, context: Partial<AppLoadContext> | undefined, postIdParam: string | undefined) {
  const auth = await requireAuth(request, context);
  const db = getDb();
  const post = await getPostContext(db, Number(postIdParam));
  if (!post) throw notFound();
  const viewer = { id: auth.user.id, role: auth.user.role };
  const access = await getGroupAccessById(db, post.group_id, viewer);
  if (!access || !maySeePost(viewer, access, post)) throw notFound();
  return { auth, post, access };
}
