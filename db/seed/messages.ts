import type { Kysely } from "kysely";
import type { Database } from "../schema";
import type { SeedContext } from "./context";
import { sealMessage } from "../../app/models/messages/conversations.server";
import { renderMarkdown } from "../../app/utils/markdown.server";

const CONVERSATION: [who: "alex" | "sam", body: string][] = [
  ["alex", "Hey Sam, I saw your post about sleep in week three of the taper. That was me last spring. How are the nights going?"],
  ["sam", "Rough, honestly. I'm awake at 3 every night. It helps to hear it passed for you."],
  ["alex", "It did pass. What helped me most was **getting up** instead of lying there, and the Tuesday meeting. Want to go together this week?"],
  ["sam", "Yes — I'd like that. See you Tuesday."],
];

/**
 * Demo data of private messages; idempotent. Alex and Sam (who share the Spring 2026 Alumni group)
 * have a conversation; Sam has read all but Alex's last message. Written straight to the tables:
 * the demo accounts are new when the seed runs, and new accounts don't start conversations.
 */
export async function seedMessages(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  const alex = ctx.userIds.get("alex@harbor.test");
  const sam = ctx.userIds.get("sam@harbor.test");
  if (!alex || !sam) return;
  const existing = await db
    .selectFrom("conversation_members as a")
    .innerJoin("conversation_members as s", "s.conversation_id", "a.conversation_id")
    .select("a.conversation_id")
    .where("a.user_id", "=", alex)
    .where("s.user_id", "=", sam)
    .executeTakeFirst();
  if (existing) return;
  const ids = { alex, sam };
  await db.transaction().execute(async (tx) => {
    const start = Date.now() - 26 * 3600_000;
    const at = (i: number) => new Date(start + i * 47 * 60_000).toISOString();
    const conversation = await tx
      .insertInto("conversations")
      .values({ created_by: alex, created_at: at(0), last_message_at: at(0) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("conversation_members")
      .values([
        { conversation_id: conversation.id, user_id: alex, joined_at: at(0) },
        { conversation_id: conversation.id, user_id: sam, joined_at: at(0) },
      ])
      .execute();
    const messageIds: number[] = [];
    for (const [i, [who, body]] of CONVERSATION.entries()) {
      const row = await tx
        .insertInto("messages")
        .values({ conversation_id: conversation.id, author_id: ids[who], body_enc: sealMessage(conversation.id, body, renderMarkdown(body)), created_at: at(i) })
        .returning("id")
        .executeTakeFirstOrThrow();
      messageIds.push(row.id);
    }
    const last = messageIds[messageIds.length - 1]!;
    await tx
      .updateTable("conversations")
      .set({ last_message_at: at(CONVERSATION.length - 1), last_message_id: last, message_count: CONVERSATION.length })
      .where("id", "=", conversation.id)
      .execute();
    await tx.updateTable("conversation_members").set({ read_through: last }).where("conversation_id", "=", conversation.id).where("user_id", "=", alex).execute();
    await tx
      .updateTable("conversation_members")
      .set({ read_through: messageIds[messageIds.length - 2]! })
      .where("conversation_id", "=", conversation.id)
      .where("user_id", "=", sam)
      .execute();
  });
  ctx.created.push("a private conversation between Alex and Sam (Sam has one unread message)");
}
