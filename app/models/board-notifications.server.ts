/**
 * What the boards tell members: a reply in a thread they started, a quote of their post, an
 * @mention of their display name (only members of the group are mentioned), reactions on their
 * post, and the answer to their join request. Called inside the transaction that makes the post,
 * so a notification exists exactly when its post does. notify() checks access and preferences.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { notify } from "./notify.server";
import { displayNameKey } from "./users.server";

/** At most this many members are notified of mentions in one post. */
export const MENTION_LIMIT = 10;
const WORDS_PER_NAME = 4;

/**
 * The display-name keys a post may mention: for each `@` (not inside an e-mail address), the first
 * one to four words after it. Quoted lines (`> …`) and code are skipped: quoting someone's mention
 * mentions nobody again.
 */
export function mentionCandidates(body: string): string[][] {
  const text = body
    .split("\n")
    .filter((line) => !/^\s*>/.test(line))
    .join("\n")
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/`[^`]*`/g, " ");
  const found: string[][] = [];
  for (const match of text.matchAll(/(?<![\p{L}\p{N}_.+-])@([\p{L}\p{N}][^\n@]{0,60})/gu)) {
    const words = match[1]!.split(/\s+/).filter(Boolean).slice(0, WORDS_PER_NAME);
    const keys: string[] = [];
    for (let i = 1; i <= words.length; i++) {
      const key = displayNameKey(words.slice(0, i).join(" "));
      if (key && !keys.includes(key)) keys.push(key);
    }
    if (keys.length) found.push(keys);
    if (found.length >= MENTION_LIMIT * 2) break;
  }
  return found;
}

/** Members of the group that the post mentions (the longest matching name wins for each `@`). */
export async function mentionedMembers(db: Kysely<Database>, groupId: number, body: string): Promise<string[]> {
  const candidates = mentionCandidates(body);
  const keys = [...new Set(candidates.flat())];
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom("users")
    .innerJoin("group_members", (join) => join.onRef("group_members.user_id", "=", "users.id").on("group_members.group_id", "=", groupId))
    .select(["users.id", "users.display_name_key"])
    .where("users.display_name_key", "in", keys)
    .execute();
  const byKey = new Map(rows.map((r) => [r.display_name_key, r.id]));
  const ids: string[] = [];
  for (const keysOfOne of candidates) {
    const longest = [...keysOfOne].reverse().find((k) => byKey.has(k));
    const id = longest ? byKey.get(longest)! : undefined;
    if (id && !ids.includes(id)) ids.push(id);
    if (ids.length >= MENTION_LIMIT) break;
  }
  return ids;
}

/**
 * A post was published (a new thread's opening post, or a reply): tells the thread's author, the
 * quoted post's author and the members it mentions — each person once, with the most specific kind.
 */
export async function notifyNewPost(db: Kysely<Database>, postId: number): Promise<void> {
  const post = await db
    .selectFrom("posts")
    .innerJoin("threads", "threads.id", "posts.thread_id")
    .leftJoin("posts as quoted", "quoted.id", "posts.quote_post_id")
    .select([
      "posts.id",
      "posts.thread_id",
      "posts.group_id",
      "posts.author_id",
      "posts.body_source",
      "posts.status",
      "posts.position",
      "threads.author_id as thread_author_id",
      "quoted.author_id as quoted_author_id",
    ])
    .where("posts.id", "=", postId)
    .executeTakeFirst();
  if (!post || post.status !== "published" || !post.author_id) return;
  const where = { actorId: post.author_id, groupId: post.group_id, threadId: post.thread_id, postId: post.id };
  const told = new Set<string>([post.author_id]);
  if (post.quoted_author_id && !told.has(post.quoted_author_id)) {
    told.add(post.quoted_author_id);
    await notify(db, { userId: post.quoted_author_id, type: "quote", ...where });
  }
  for (const userId of await mentionedMembers(db, post.group_id, post.body_source)) {
    if (told.has(userId)) continue;
    told.add(userId);
    await notify(db, { userId, type: "mention", ...where });
  }
  if (post.position !== 0 && post.thread_author_id && !told.has(post.thread_author_id)) {
    await notify(db, { userId: post.thread_author_id, type: "reply", ...where });
  }
}

/** Someone reacted to a post: its author hears of it (reactions on one post collapse into one notification). */
export async function notifyReaction(db: Kysely<Database>, postId: number, reactorId: string): Promise<void> {
  const post = await db.selectFrom("posts").select(["id", "author_id", "thread_id", "group_id"]).where("id", "=", postId).executeTakeFirst();
  if (!post?.author_id) return;
  await notify(db, { userId: post.author_id, type: "reaction", actorId: reactorId, groupId: post.group_id, threadId: post.thread_id, postId: post.id });
}
