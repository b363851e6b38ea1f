/**
 * What happens before a post is published: sanctions (muted, banned, suspended), watched words
 * (block / hold for approval / flag), trust-based limits for new accounts, slow mode, post approval,
 * and crisis language (never blocked: the author sees the crisis resources and a moderator is asked
 * to look first). Moderators and admins are exempt from limits and approval.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { WatchedWordAction } from "../../db/schema/moderation";
import { inTransaction } from "../../db/client";
import { countLinks, DEFAULT_WATCHED_WORDS, findWatchedWords, hasCrisisLanguage, type WatchedRule } from "../utils/content-screen";
import { now as clockNow } from "../utils/clock.server";
import { formatDuration } from "../utils/time";
import { flagPost, getGroupModerationSettings, getModerationSettings, postingSanction, recordAudit, sanctionMessage, type TrustLimits } from "./moderation.server";

export interface StoredWatchedWord extends WatchedRule {
  id: number;
  groupId: number | null;
  action: WatchedWordAction;
}

const DEFAULTS_KEY = "watched_words_customised";

/**
 * The site-wide list (with Harbor's defaults until an admin first edits it) and a group's own.
 */
export async function listWatchedWords(db: Kysely<Database>, groupId: number | null): Promise<StoredWatchedWord[]> {
  let query = db.selectFrom("watched_words").select(["id", "group_id", "phrase", "action", "note"]).orderBy("phrase").limit(1000);
  query = groupId ? query.where((eb) => eb.or([eb("group_id", "is", null), eb("group_id", "=", groupId)])) : query.where("group_id", "is", null);
  const [rows, customised] = await Promise.all([query.execute(), db.selectFrom("site_settings").select("key").where("key", "=", DEFAULTS_KEY).executeTakeFirst()]);
  const stored = rows.map((r) => ({ id: r.id, groupId: r.group_id, phrase: r.phrase, action: r.action, note: r.note }));
  if (customised) return stored;
  return [...DEFAULT_WATCHED_WORDS.map((w, i) => ({ ...w, id: -(i + 1), groupId: null, note: w.note ?? "" })), ...stored];
}

/** The first edit of the site-wide list turns Harbor's defaults into ordinary rows the admin can change. */
async function materialiseDefaults(tx: Kysely<Database>, adminId: string, now: Date) {
  const done = await tx.selectFrom("site_settings").select("key").where("key", "=", DEFAULTS_KEY).executeTakeFirst();
  if (done) return;
  for (const w of DEFAULT_WATCHED_WORDS) {
    await tx
      .insertInto("watched_words")
      .values({ group_id: null, phrase: w.phrase, action: w.action, note: w.note ?? "", created_at: now.toISOString(), created_by: null })
      .execute();
  }
  await tx.insertInto("site_settings").values({ key: DEFAULTS_KEY, value: "true", updated_at: now.toISOString(), updated_by: adminId }).execute();
}

export async function addWatchedWord(
  db: Kysely<Database>,
  actorId: string,
  input: { groupId: number | null; phrase: string; action: WatchedWordAction; note: string },
  now = clockNow(),
) {
  await inTransaction(db, async (tx) => {
    if (input.groupId === null) await materialiseDefaults(tx, actorId, now);
    await tx
      .insertInto("watched_words")
      .values({ group_id: input.groupId, phrase: input.phrase, action: input.action, note: input.note, created_at: now.toISOString(), created_by: actorId })
      .execute();
    await recordAudit(tx, { actorId, action: "watched_word.add", groupId: input.groupId, reason: input.note, after: { phrase: input.phrase, action: input.action } }, now);
  });
}

export async function removeWatchedWord(db: Kysely<Database>, actorId: string, id: number, groupId: number | null, now = clockNow()): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    if (groupId === null) await materialiseDefaults(tx, actorId, now);
    // A default shown before the list was customised has a negative id: find its stored copy by phrase.
    let row = id > 0 ? await tx.selectFrom("watched_words").selectAll().where("id", "=", id).executeTakeFirst() : undefined;
    if (id < 0) {
      const def = DEFAULT_WATCHED_WORDS[-id - 1];
      row = def ? await tx.selectFrom("watched_words").selectAll().where("group_id", "is", null).where("phrase", "=", def.phrase).executeTakeFirst() : undefined;
    }
    if (!row || row.group_id !== groupId) return false;
    await tx.deleteFrom("watched_words").where("id", "=", row.id).execute();
    await recordAudit(tx, { actorId, action: "watched_word.remove", groupId, before: { phrase: row.phrase, action: row.action }, after: {} }, now);
    return true;
  });
}

export type Screening =
  | { ok: false; status: 400 | 403 | 429; field: "body" | "form"; message: string }
  | {
      ok: true;
      hold: boolean;
      holdReason: string;
      /** Why it is held, in the general terms its author is told: a watched word, or the group's approval rule. */
      heldFor: "word" | "approval" | null;
      crisis: boolean;
      flags: string[];
    };

export interface ScreenInput {
  user: { id: string; role: string; time_zone: string };
  groupId: number;
  isModerator: boolean;
  /** Null for a new thread. */
  threadId: number | null;
  title?: string;
  body: string;
  /** The form's one-time token: a repeated submission is answered with the first post, unscreened. */
  clientToken?: string | null;
}

function blockMessage(rule: WatchedRule): string {
  return `This wasn't posted: it contains “${rule.phrase}”, which this community doesn't allow${rule.note ? ` (${rule.note.toLowerCase()})` : ""}. Harbor is a place for recovery, so sourcing and selling are never allowed here. Please rephrase and try again.`;
}

/** Decides whether (and how) a new post may go up. Bounded queries, all on indexes. */
export async function screenPost(db: Kysely<Database>, input: ScreenInput, now = clockNow()): Promise<Screening> {
  const { user } = input;
  if (input.clientToken) {
    const repeat = await db.selectFrom("posts").select("status").where("author_id", "=", user.id).where("client_token", "=", input.clientToken).executeTakeFirst();
    if (repeat) return { ok: true, hold: repeat.status === "pending", holdReason: "", heldFor: repeat.status === "pending" ? "approval" : null, crisis: false, flags: [] };
  }
  const sanction = await postingSanction(db, user.id, input.groupId, now);
  if (sanction) return { ok: false, status: 403, field: "form", message: sanctionMessage(sanction, user.time_zone) };

  const text = `${input.title ?? ""}\n${input.body}`;
  const hits = findWatchedWords(text, await listWatchedWords(db, input.groupId));
  const block = hits.find((h) => h.action === "block");
  if (block) return { ok: false, status: 400, field: "body", message: blockMessage(block) };

  const exempt = input.isModerator || user.role === "admin";
  if (!exempt) {
    const limit = await trustLimit(db, input, now);
    if (limit) return limit;
  }

  let hold = false;
  let holdReason = "";
  let heldFor: "word" | "approval" | null = null;
  if (!exempt) {
    const group = await getGroupModerationSettings(db, input.groupId);
    if (group.approveAll) {
      hold = true;
      heldFor = "approval";
      holdReason = "Every post in this group is approved by a moderator.";
    } else if (group.approveFirstPosts > 0) {
      const published = await db
        .selectFrom("posts")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("author_id", "=", user.id)
        .where("group_id", "=", input.groupId)
        .where("status", "=", "published")
        .executeTakeFirst();
      if (Number(published?.n ?? 0) < group.approveFirstPosts) {
        hold = true;
        heldFor = "approval";
        holdReason = `A new member's first ${group.approveFirstPosts} post${group.approveFirstPosts === 1 ? "" : "s"} here are approved by a moderator.`;
      }
    }
    const approveHit = hits.find((h) => h.action === "approve");
    if (approveHit) {
      hold = true;
      heldFor = "word";
      holdReason = `Contains “${approveHit.phrase}”${approveHit.note ? ` (${approveHit.note})` : ""}.`;
    }
  }
  return { ok: true, hold, holdReason, heldFor, crisis: hasCrisisLanguage(text), flags: hits.filter((h) => h.action === "flag").map((h) => h.phrase) };
}

/**
 * Is the member's account still new (the trust limits' notion: younger than `newAccountHours`, or
 * fewer than `establishedAfterPosts` published posts)? Also asked before a member may start a
 * private conversation (app/models/messages/). Two indexed lookups.
 */
export async function isNewAccount(db: Kysely<Database>, userId: string, trust: TrustLimits, now = clockNow()): Promise<boolean> {
  const [account, postCount] = await Promise.all([
    db.selectFrom("users").select("created_at").where("id", "=", userId).executeTakeFirst(),
    db
      .selectFrom((eb) =>
        eb
          .selectFrom("posts")
          .select("id")
          .where("author_id", "=", userId)
          .where("status", "=", "published")
          .where("deleted_at", "is", null)
          .limit(trust.establishedAfterPosts)
          .as("p"),
      )
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirst(),
  ]);
  const ageHours = account ? (now.getTime() - Date.parse(account.created_at)) / 3600_000 : 0;
  return ageHours < trust.newAccountHours || Number(postCount?.n ?? 0) < trust.establishedAfterPosts;
}

async function trustLimit(db: Kysely<Database>, input: ScreenInput, now: Date): Promise<Screening | null> {
  const { trust } = await getModerationSettings(db);
  const userId = input.user.id;
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  const [isNew, recent] = await Promise.all([
    isNewAccount(db, userId, trust, now),
    // This hour's posts, oldest first (at most the larger limit: one index range).
    db
      .selectFrom("posts")
      .select("created_at")
      .where("author_id", "=", userId)
      .where("created_at", ">", hourAgo)
      .orderBy("created_at", "asc")
      .limit(Math.max(trust.newPostsPerHour, trust.establishedPostsPerHour))
      .execute(),
  ]);

  if (isNew && countLinks(input.body) > trust.newMaxLinks) {
    return {
      ok: false,
      status: 400,
      field: "body",
      message: `New members can include at most ${trust.newMaxLinks} link${trust.newMaxLinks === 1 ? "" : "s"} in a post (a guard against spam). Please remove some; the limit lifts after your first day and a few posts.`,
    };
  }
  const perHour = isNew ? trust.newPostsPerHour : trust.establishedPostsPerHour;
  if (perHour > 0 && recent.length >= perHour) {
    const wait = Date.parse(recent[recent.length - perHour]!.created_at) + 3600_000 - now.getTime();
    if (wait > 0)
      return {
        ok: false,
        status: 429,
        field: "form",
        message: `${isNew ? `New members can post ${perHour} times an hour at first. ` : `That's ${perHour} posts this hour. `}You can post again in ${formatDuration(wait)}. What you wrote is still here.`,
      };
  }
  if (input.threadId === null) {
    const perDay = isNew ? trust.newThreadsPerDay : trust.establishedThreadsPerDay;
    const since = new Date(now.getTime() - 86_400_000).toISOString();
    const today = await db
      .selectFrom("threads")
      .select("created_at")
      .where("author_id", "=", userId)
      .where("created_at", ">", since)
      .orderBy("created_at", "asc")
      .limit(perDay)
      .execute();
    if (today.length >= perDay) {
      const wait = Date.parse(today[0]!.created_at) + 86_400_000 - now.getTime();
      return {
        ok: false,
        status: 429,
        field: "form",
        message: `You've started ${perDay} thread${perDay === 1 ? "" : "s"} today${isNew ? " (the limit for new members)" : ""}. You can start another in ${formatDuration(wait)}; replying is open now.`,
      };
    }
  } else {
    const thread = await db.selectFrom("threads").select("slow_mode_minutes").where("id", "=", input.threadId).executeTakeFirst();
    if (thread && thread.slow_mode_minutes > 0) {
      const last = await db
        .selectFrom("posts")
        .select("created_at")
        .where("thread_id", "=", input.threadId)
        .where("author_id", "=", userId)
        .orderBy("created_at", "desc")
        .limit(1)
        .executeTakeFirst();
      const wait = last ? Date.parse(last.created_at) + thread.slow_mode_minutes * 60_000 - now.getTime() : 0;
      if (wait > 0)
        return {
          ok: false,
          status: 429,
          field: "form",
          message: `This thread is in slow mode (one post every ${thread.slow_mode_minutes} minutes). You can post here again in ${formatDuration(wait)}.`,
        };
    }
  }
  return null;
}

/** What the screening asks of a new post, run in the post's own transaction. */
export function moderationHooks(screen: Extract<Screening, { ok: true }>) {
  return {
    pending: screen.hold,
    onCreated: async (tx: Kysely<Database>, postId: number) => {
      if (screen.crisis) await flagPost(tx, postId, "crisis_language", "Harbor noticed language that may mean someone is in danger.");
      if (screen.hold) await flagPost(tx, postId, "held", screen.holdReason);
      if (screen.flags.length) await flagPost(tx, postId, "watched_word", screen.flags.join(", "));
    },
  };
}

/** Muted, banned and suspended members cannot edit or delete in the group either (evidence stays). */
export async function editingBlock(db: Kysely<Database>, user: { id: string; time_zone: string }, groupId: number, body?: string): Promise<string | null> {
  const sanction = await postingSanction(db, user.id, groupId);
  if (sanction) return sanctionMessage(sanction, user.time_zone);
  if (body !== undefined) {
    const block = findWatchedWords(body, await listWatchedWords(db, groupId)).find((h) => h.action === "block");
    if (block) return blockMessage(block);
  }
  return null;
}
