/**
 * The safeguards a private message passes before it is stored: the sender not suspended, the
 * site's watched words (a word that would block or hold a post refuses a message: nobody reviews
 * private messages, so nothing is held), new accounts (the trust limits' notion) neither starting
 * conversations nor sending links or images unless the site allows it, and rates per member.
 * Crisis language never stops a message: its author is shown the crisis resources.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { MessagesFrom } from "../../../db/schema/messages";
import { countLinks, findWatchedWords, hasCrisisLanguage } from "../../utils/content-screen";
import { now as clockNow } from "../../utils/clock.server";
import { formatDuration } from "../../utils/time";
import { activeSuspension, getModerationSettings } from "../moderation.server";
import { isNewAccount, listWatchedWords } from "../posting-rules.server";
import type { RecipientFacts } from "../../policy/messages";
import type { MessageSettings } from "./settings.server";

export class MessageError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 | 429,
    readonly field: "to" | "body" | "form" = "form",
  ) {
    super(message);
  }
}

/** Markdown images: ![alt](address). */
export function countImages(markdown: string): number {
  return (markdown.match(/!\[[^\]]*\]\(/g) ?? []).length;
}

/** What the policy needs to know about each recipient, for this sender, in one query. */
export async function recipientFacts(db: Kysely<Database>, senderId: string, recipientIds: readonly string[], now = clockNow()): Promise<RecipientFacts[]> {
  if (recipientIds.length === 0) return [];
  const iso = now.toISOString();
  const rows = await db
    .selectFrom("users as r")
    .select(["r.id", "r.display_name", "r.messages_from"])
    .select((eb) => [
      eb.exists(eb.selectFrom("member_blocks as b1").select("b1.blocker_id").whereRef("b1.blocker_id", "=", "r.id").where("b1.blocked_id", "=", senderId)).as("blocked_sender"),
      eb.exists(eb.selectFrom("member_blocks as b2").select("b2.blocker_id").where("b2.blocker_id", "=", senderId).whereRef("b2.blocked_id", "=", "r.id")).as("blocked_by_sender"),
      eb
        .exists(
          eb
            .selectFrom("group_members as mine")
            .innerJoin("group_members as theirs", "theirs.group_id", "mine.group_id")
            .select("mine.group_id")
            .where("mine.user_id", "=", senderId)
            .whereRef("theirs.user_id", "=", "r.id"),
        )
        .as("shares_group"),
      // An accepted circle link either way: the sender is in the recipient's circle, or the recipient in the sender's (docs/messages.md).
      eb
        .exists(
          eb
            .selectFrom("circle_members as cm")
            .select("cm.id")
            .where((w) =>
              w.or([
                w.and([w("cm.user_id", "=", w.ref("r.id")), w("cm.person_id", "=", senderId)]),
                w.and([w("cm.user_id", "=", senderId), w("cm.person_id", "=", w.ref("r.id"))]),
              ]),
            ),
        )
        .as("in_circle"),
      eb
        .exists(
          eb
            .selectFrom("sanctions as s")
            .select("s.id")
            .whereRef("s.user_id", "=", "r.id")
            .where("s.kind", "=", "suspend")
            .where("s.lifted_at", "is", null)
            .where("s.starts_at", "<=", iso)
            .where((w) => w.or([w("s.ends_at", "is", null), w("s.ends_at", ">", iso)])),
        )
        .as("suspended"),
    ])
    .where("r.id", "in", [...recipientIds])
    .execute();
  const truthy = (v: unknown) => v === true || Number(v) === 1;
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    messagesFrom: r.messages_from as MessagesFrom,
    blockedSender: truthy(r.blocked_sender),
    blockedBySender: truthy(r.blocked_by_sender),
    sharesGroup: truthy(r.shares_group),
    inCircle: truthy(r.in_circle),
    suspended: truthy(r.suspended),
  }));
}

export interface MessageScreen {
  crisis: boolean;
}

/** Why this member can't start a conversation at all right now (suspended, or a new account), or null: asked before showing the form. */
export async function startRefusal(
  db: Kysely<Database>,
  sender: { id: string; role: string; time_zone: string },
  settings: MessageSettings,
  now = clockNow(),
): Promise<string | null> {
  try {
    await screenMessage(db, sender, { body: "", starting: true }, settings, now);
    return null;
  } catch (error) {
    if (error instanceof MessageError && error.status === 403) return error.message;
    if (error instanceof MessageError) return null;
    throw error;
  }
}

/**
 * A per-member rate over a sliding window: null while the member is under `limit` rows in the last
 * `windowMs`, else how long until the oldest of them leaves the window. A limit of 0 is no limit.
 */
async function waitForWindow(
  db: Kysely<Database>,
  table: "messages" | "conversations",
  authorColumn: "author_id" | "created_by",
  userId: string,
  limit: number,
  windowMs: number,
  now: Date,
): Promise<number | null> {
  if (limit <= 0) return null;
  const since = new Date(now.getTime() - windowMs).toISOString();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- two tables, each with its author column: a pairing Kysely's types cannot follow
  const rows = (await (db as Kysely<any>)
    .selectFrom(table)
    .select("created_at")
    .where(authorColumn, "=", userId)
    .where("created_at", ">", since)
    .orderBy("created_at", "asc")
    .limit(limit)
    .execute()) as { created_at: string }[];
  return rows.length >= limit ? Date.parse(rows[0]!.created_at) + windowMs - now.getTime() : null;
}

/** Throws MessageError when the message may not go; otherwise says whether it carries crisis language. */
export async function screenMessage(
  db: Kysely<Database>,
  sender: { id: string; role: string; time_zone: string },
  input: { body: string; starting: boolean },
  settings: MessageSettings,
  now = clockNow(),
): Promise<MessageScreen> {
  const suspension = await activeSuspension(db, sender.id, now);
  if (suspension) throw new MessageError("Your account is suspended, so you can't send messages right now.", 403);

  const hits = findWatchedWords(input.body, await listWatchedWords(db, null));
  const refused = hits.find((h) => h.action === "block" || h.action === "approve");
  if (refused) {
    throw new MessageError(
      `This wasn't sent: it contains “${refused.phrase}”${refused.note ? ` (${refused.note.toLowerCase()})` : ""}, which isn't allowed in private messages either. Harbor is a place for recovery: sourcing and selling are never allowed here.`,
      400,
      "body",
    );
  }

  const exempt = sender.role === "admin";
  const { trust } = await getModerationSettings(db);
  const isNew = exempt ? false : await isNewAccount(db, sender.id, trust, now);
  if (isNew) {
    if (input.starting && !settings.newAccountsMayStart) {
      throw new MessageError(
        `New accounts can't start private conversations yet. You can once your account is ${formatDuration(trust.newAccountHours * 3600_000)} old and you've posted ${trust.establishedAfterPosts} times in your groups. Meanwhile you can answer anyone who writes to you, and your groups are open to you.`,
        403,
      );
    }
    if (!settings.newMayPostImages && countImages(input.body) > 0) {
      throw new MessageError("New members can't put images in private messages yet (a guard against spam and worse). Please remove the image; the limit lifts soon.", 400, "body");
    }
    if (countLinks(input.body) > settings.newMaxLinks) {
      throw new MessageError(
        settings.newMaxLinks === 0
          ? "New members can't put links in private messages yet (a guard against spam and worse). Please remove the link; the limit lifts after your first day and a few posts."
          : `New members can put at most ${settings.newMaxLinks} link${settings.newMaxLinks === 1 ? "" : "s"} in a private message. Please remove some.`,
        400,
        "body",
      );
    }
  }

  if (!exempt) {
    const perHour = isNew ? settings.newMessagesPerHour : settings.messagesPerHour;
    const wait = await waitForWindow(db, "messages", "author_id", sender.id, perHour, 3600_000, now);
    if (wait !== null) {
      throw new MessageError(
        `That's ${perHour} messages this hour${isNew ? " (the limit for new members)" : ""}. You can send another in ${formatDuration(wait)}. What you wrote is still here.`,
        429,
      );
    }
    const dayWait = input.starting ? await waitForWindow(db, "conversations", "created_by", sender.id, settings.conversationsPerDay, 86_400_000, now) : null;
    if (dayWait !== null) {
      throw new MessageError(
        `You've started ${settings.conversationsPerDay} conversations today. You can start another in ${formatDuration(dayWait)}; your conversations are open to answer now.`,
        429,
      );
    }
  }
  return { crisis: hasCrisisLanguage(input.body) };
}
