/**
 * Private conversations: starting one (up to the site's limit of people), writing in it, reading
 * it, leaving it, the list of a member's conversations with what is unread, and what happens to
 * messages when an account goes. Message text is sealed at rest for its conversation (as journal
 * text is for its owner) and opened only for a participant. Nothing here answers a moderator.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { renderMarkdown } from "../../utils/markdown.server";
import { openText, sealText, UnreadableTextError, UNREADABLE_TEXT } from "../../utils/private-text.server";
import { mayReadConversation, recipientRefusal, replyRefusal, SELF_MESSAGE_REFUSAL } from "../../policy/messages";
import { blockRelations } from "../../policy/blocks";
import { notify } from "../notify.server";
import { MessageError, recipientFacts, screenMessage } from "./safeguards.server";
import { getMessageSettings } from "./settings.server";

export const MESSAGE_MAX = 10_000;
/** Messages a conversation page shows (the newest). */
export const MESSAGES_SHOWN = 200;

type Sender = { id: string; role: string; time_zone: string };

/** The sealing owner of a conversation's messages. */
export const conversationOwner = (conversationId: number) => `conversation:${conversationId}`;

export function sealMessage(conversationId: number, source: string, html: string): string {
  return sealText(JSON.stringify({ source, html }), conversationOwner(conversationId));
}

export function openMessage(conversationId: number, sealed: string): { source: string; html: string } {
  if (!sealed) return { source: "", html: "" };
  try {
    const value = JSON.parse(openText(sealed, conversationOwner(conversationId))) as { source?: unknown; html?: unknown };
    return { source: String(value.source ?? ""), html: String(value.html ?? "") };
  } catch (error) {
    if (error instanceof UnreadableTextError || error instanceof SyntaxError) return { source: UNREADABLE_TEXT, html: `<p>${UNREADABLE_TEXT}</p>` };
    throw error;
  }
}

async function addMessage(tx: Kysely<Database>, conversationId: number, authorId: string, body: string, crisis: boolean, now: Date, clientToken: string | null): Promise<number> {
  const iso = now.toISOString();
  const inserted = await tx
    .insertInto("messages")
    .values({
      conversation_id: conversationId,
      author_id: authorId,
      body_enc: sealMessage(conversationId, body, renderMarkdown(body)),
      created_at: iso,
      crisis_at: crisis ? iso : null,
      client_token: clientToken,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await tx
    .updateTable("conversations")
    .set((eb) => ({ last_message_at: iso, last_message_id: inserted.id, message_count: eb("message_count", "+", 1) }))
    .where("id", "=", conversationId)
    .execute();
  await tx.updateTable("conversation_members").set({ read_through: inserted.id }).where("conversation_id", "=", conversationId).where("user_id", "=", authorId).execute();
  const others = await tx.selectFrom("conversation_members").select("user_id").where("conversation_id", "=", conversationId).where("user_id", "!=", authorId).execute();
  // The bell, e-mail and push as the member chose for messages (notify leaves out anyone in a block with the author).
  for (const o of others) await notify(tx, { userId: o.user_id, type: "message", actorId: authorId, data: { conversationId } });
  return inserted.id;
}

/** An existing one-to-one conversation of exactly these two, still with both in it. */
async function existingPair(db: Kysely<Database>, a: string, b: string): Promise<number | null> {
  const row = await db
    .selectFrom("conversation_members as mine")
    .innerJoin("conversation_members as theirs", "theirs.conversation_id", "mine.conversation_id")
    .innerJoin("conversations as c", "c.id", "mine.conversation_id")
    .select("c.id")
    .where("mine.user_id", "=", a)
    .where("theirs.user_id", "=", b)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom("conversation_members as third").select("third.user_id").whereRef("third.conversation_id", "=", "c.id").where("third.user_id", "not in", [a, b])),
      ),
    )
    .orderBy("c.last_message_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Starts a conversation with one or more members (or writes in the one-to-one conversation the two
 * already have). Every refusal is a MessageError with the sentence to show; nothing is stored then.
 */
export async function startConversation(
  db: Kysely<Database>,
  sender: Sender,
  input: { recipientIds: string[]; body: string; clientToken?: string | null },
  now = clockNow(),
): Promise<{ conversationId: number; crisis: boolean }> {
  const settings = await getMessageSettings(db);
  const ids = [...new Set(input.recipientIds.map((id) => id.trim()).filter(Boolean))];
  if (ids.length === 0) throw new MessageError("Choose who to write to.", 400, "to");
  if (ids.includes(sender.id)) throw new MessageError(SELF_MESSAGE_REFUSAL, 400, "to");
  if (ids.length + 1 > settings.maxParticipants)
    throw new MessageError(`A conversation has at most ${settings.maxParticipants} people, you included. Choose ${settings.maxParticipants - 1} or fewer.`, 400, "to");
  const facts = await recipientFacts(db, sender.id, ids, now);
  if (facts.length !== ids.length) throw new MessageError("One of those members is no longer here.", 404, "to");
  for (const f of facts) {
    const refusal = recipientRefusal(sender.id, f);
    if (refusal) throw new MessageError(refusal, 403, "to");
  }
  const pair = ids.length === 1 ? await existingPair(db, sender.id, ids[0]!) : null;
  const screen = await screenMessage(db, sender, { body: input.body, starting: pair === null }, settings, now);
  const iso = now.toISOString();
  return inTransaction(db, async (tx) => {
    if (input.clientToken) {
      const repeat = await tx.selectFrom("messages").select("conversation_id").where("author_id", "=", sender.id).where("client_token", "=", input.clientToken).executeTakeFirst();
      if (repeat) return { conversationId: repeat.conversation_id, crisis: false };
    }
    let conversationId = pair;
    if (conversationId === null) {
      const created = await tx.insertInto("conversations").values({ created_by: sender.id, created_at: iso, last_message_at: iso }).returning("id").executeTakeFirstOrThrow();
      conversationId = created.id;
      await tx
        .insertInto("conversation_members")
        .values([sender.id, ...ids].map((userId) => ({ conversation_id: created.id, user_id: userId, joined_at: iso })))
        .execute();
    }
    await addMessage(tx, conversationId, sender.id, input.body, screen.crisis, now, input.clientToken ?? null);
    return { conversationId, crisis: screen.crisis };
  });
}

/** The participants of a conversation, with names (an empty list: no such conversation). */
async function participantsOf(db: Kysely<Database>, conversationId: number) {
  return db
    .selectFrom("conversation_members as cm")
    .innerJoin("users as u", "u.id", "cm.user_id")
    .select(["u.id", "u.display_name", "cm.read_through"])
    .where("cm.conversation_id", "=", conversationId)
    .orderBy("cm.joined_at")
    .execute();
}

const validId = (id: number) => Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647;

/** Writes in a conversation the sender is part of. */
export async function sendMessage(
  db: Kysely<Database>,
  sender: Sender,
  conversationId: number,
  input: { body: string; clientToken?: string | null },
  now = clockNow(),
): Promise<{ messageId: number; crisis: boolean }> {
  if (!validId(conversationId)) throw new MessageError("Not found", 404);
  const people = await participantsOf(db, conversationId);
  if (
    !mayReadConversation(
      sender.id,
      people.map((p) => p.id),
    )
  )
    throw new MessageError("Not found", 404);
  const blocks = await blockRelations(db, sender.id);
  const others = people
    .filter((p) => p.id !== sender.id)
    .map((p) => ({ displayName: p.display_name, blocked: blocks.blocked.has(p.id) ? ("by_viewer" as const) : blocks.blockedBy.has(p.id) ? ("viewer" as const) : null }));
  const refusal = replyRefusal(others);
  if (refusal) throw new MessageError(refusal, 403);
  const settings = await getMessageSettings(db);
  const screen = await screenMessage(db, sender, { body: input.body, starting: false }, settings, now);
  return inTransaction(db, async (tx) => {
    if (input.clientToken) {
      const repeat = await tx.selectFrom("messages").select("id").where("author_id", "=", sender.id).where("client_token", "=", input.clientToken).executeTakeFirst();
      if (repeat) return { messageId: repeat.id, crisis: false };
    }
    const messageId = await addMessage(tx, conversationId, sender.id, input.body, screen.crisis, now, input.clientToken ?? null);
    return { messageId, crisis: screen.crisis };
  });
}

export interface ConversationMessage {
  id: number;
  authorId: string | null;
  authorName: string | null;
  html: string;
  createdAt: string;
  removed: boolean;
  crisis: boolean;
}

/** A conversation for one of its participants (null for anyone else): who is in it and its newest messages, opened. */
export async function getConversation(db: Kysely<Database>, viewerId: string, conversationId: number) {
  if (!validId(conversationId)) return null;
  const people = await participantsOf(db, conversationId);
  if (
    !mayReadConversation(
      viewerId,
      people.map((p) => p.id),
    )
  )
    return null;
  const rows = await db
    .selectFrom("messages as m")
    .leftJoin("users as u", "u.id", "m.author_id")
    .select(["m.id", "m.author_id", "u.display_name", "m.body_enc", "m.created_at", "m.removed_at", "m.crisis_at"])
    .where("m.conversation_id", "=", conversationId)
    .orderBy("m.id", "desc")
    .limit(MESSAGES_SHOWN + 1)
    .execute();
  const me = people.find((p) => p.id === viewerId)!;
  const messages: ConversationMessage[] = rows
    .slice(0, MESSAGES_SHOWN)
    .reverse()
    .map((m) => ({
      id: m.id,
      authorId: m.author_id,
      authorName: m.display_name,
      html: m.removed_at ? "" : openMessage(conversationId, m.body_enc).html,
      createdAt: m.created_at,
      removed: m.removed_at !== null,
      crisis: m.crisis_at !== null,
    }));
  return {
    id: conversationId,
    participants: people.map((p) => ({ id: p.id, name: p.display_name })),
    readThrough: me.read_through,
    messages,
    earlier: rows.length > MESSAGES_SHOWN,
  };
}

/** Marks the conversation read up to this message (never backwards). */
export async function markConversationRead(db: Kysely<Database>, viewerId: string, conversationId: number, throughId: number): Promise<void> {
  await db
    .updateTable("conversation_members")
    .set({ read_through: throughId })
    .where("conversation_id", "=", conversationId)
    .where("user_id", "=", viewerId)
    .where("read_through", "<", throughId)
    .execute();
}

/** Leaves a conversation (one click); the last one to leave takes it, and its messages, away. */
export async function leaveConversation(db: Kysely<Database>, viewerId: string, conversationId: number): Promise<boolean> {
  if (!validId(conversationId)) return false;
  return inTransaction(db, async (tx) => {
    const left = await tx.deleteFrom("conversation_members").where("conversation_id", "=", conversationId).where("user_id", "=", viewerId).executeTakeFirst();
    if (Number(left.numDeletedRows) === 0) return false;
    const remaining = await tx.selectFrom("conversation_members").select("user_id").where("conversation_id", "=", conversationId).limit(1).executeTakeFirst();
    if (!remaining) await tx.deleteFrom("conversations").where("id", "=", conversationId).execute();
    return true;
  });
}

export const CONVERSATIONS_PER_PAGE = 30;

/** The member's conversations, latest first, with the others' names and whether something is unread. Two queries. */
export async function listConversations(db: Kysely<Database>, userId: string) {
  const rows = await db
    .selectFrom("conversation_members as cm")
    .innerJoin("conversations as c", "c.id", "cm.conversation_id")
    .select(["c.id", "c.last_message_at", "c.message_count", "c.last_message_id", "cm.read_through"])
    .where("cm.user_id", "=", userId)
    .orderBy("c.last_message_at", "desc")
    .limit(CONVERSATIONS_PER_PAGE)
    .execute();
  const ids = rows.map((r) => r.id);
  const people = ids.length
    ? await db
        .selectFrom("conversation_members as cm")
        .innerJoin("users as u", "u.id", "cm.user_id")
        .select(["cm.conversation_id", "u.id", "u.display_name"])
        .where("cm.conversation_id", "in", ids)
        .where("cm.user_id", "!=", userId)
        .orderBy("cm.joined_at")
        .execute()
    : [];
  return rows.map((r) => ({
    id: r.id,
    lastMessageAt: r.last_message_at,
    messageCount: r.message_count,
    unread: r.last_message_id > r.read_through,
    others: people.filter((p) => p.conversation_id === r.id).map((p) => ({ id: p.id, name: p.display_name })),
  }));
}

/** Conversations with something unread, counted up to 100 (a scalar subquery for the header). */
export function unreadConversationsQuery(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom(
      db
        .selectFrom("conversation_members as cm")
        .innerJoin("conversations as c", "c.id", "cm.conversation_id")
        .select("c.id")
        .where("cm.user_id", "=", userId)
        .whereRef("c.last_message_id", ">", "cm.read_through")
        .limit(100)
        .as("unread_conversations"),
    )
    .select((eb) => eb.fn.countAll<number>().as("n"));
}

/** Deleting an account removes its messages' words: the others see "message removed". Call inside the deletion's transaction. */
export async function removeMemberMessages(tx: Kysely<Database>, userId: string, now = clockNow()): Promise<void> {
  await tx
    .updateTable("messages")
    .set({ body_enc: "", removed_at: now.toISOString(), client_token: null })
    .where("author_id", "=", userId)
    .where("removed_at", "is", null)
    .execute();
}

/** For the member's data download: their conversations (with whom) and the messages they wrote, opened. */
export async function exportMessages(db: Kysely<Database>, userId: string) {
  const conversations = await listConversations(db, userId);
  const own = await db
    .selectFrom("messages")
    .select(["id", "conversation_id", "body_enc", "created_at"])
    .where("author_id", "=", userId)
    .where("removed_at", "is", null)
    .orderBy("id")
    .limit(50_000)
    .execute();
  return {
    conversations: conversations.map((c) => ({ id: c.id, with: c.others.map((o) => o.name), lastMessageAt: c.lastMessageAt })),
    messagesYouWrote: own.map((m) => ({ conversation: m.conversation_id, text: openMessage(m.conversation_id, m.body_enc).source, sentAt: m.created_at })),
  };
}
