/**
 * Reporting a private message. A participant reports someone else's message in their own
 * conversation; the report carries to the review queue only that message and up to a few before it
 * (the site's `reportContext`), as they read at that moment, sealed for the report. The moderators
 * read that excerpt on the review page and have no way into the conversation itself.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { openText, sealText, UnreadableTextError } from "../../utils/private-text.server";
import { mayReportMessage } from "../../policy/messages";
import { fileReport, type ReportReason } from "../moderation.server";
import { openMessage } from "./conversations.server";
import { MessageError } from "./safeguards.server";
import { getMessageSettings } from "./settings.server";

export interface ExcerptMessage {
  author: string;
  html: string;
  createdAt: string;
  removed: boolean;
  /** The reported message. */
  reported: boolean;
}

export const reportOwner = (reportId: number) => `report:${reportId}`;

/** The message a participant may report, with its conversation; a MessageError 404 for anything else (not theirs to report, or not there). */
export async function reportableMessage(db: Kysely<Database>, reporterId: string, messageId: number) {
  const valid = Number.isSafeInteger(messageId) && messageId > 0 && messageId <= 2_147_483_647;
  const message = valid
    ? await db
        .selectFrom("messages as m")
        .leftJoin("conversation_members as cm", (join) => join.onRef("cm.conversation_id", "=", "m.conversation_id").on("cm.user_id", "=", reporterId))
        .leftJoin("users as u", "u.id", "m.author_id")
        .select(["m.id", "m.conversation_id", "m.author_id", "m.removed_at", "m.body_enc", "cm.user_id as participant", "u.display_name as author_name"])
        .where("m.id", "=", messageId)
        .executeTakeFirst()
    : undefined;
  if (!message || !message.participant) throw new MessageError("That message isn't in any of your conversations.", 404);
  if (!mayReportMessage(reporterId, message, true)) {
    throw new MessageError(message.author_id === reporterId ? "You can't report your own message." : "That message was removed, so there is nothing left to report.", 400);
  }
  return message;
}

/** The reported message and up to `count` before it, as they read now. */
async function captureExcerpt(db: Kysely<Database>, conversationId: number, messageId: number, count: number): Promise<ExcerptMessage[]> {
  const rows = await db
    .selectFrom("messages as m")
    .leftJoin("users as u", "u.id", "m.author_id")
    .select(["m.id", "u.display_name", "m.body_enc", "m.created_at", "m.removed_at"])
    .where("m.conversation_id", "=", conversationId)
    .where("m.id", "<=", messageId)
    .orderBy("m.id", "desc")
    .limit(Math.max(0, count) + 1)
    .execute();
  return rows.reverse().map((m) => ({
    author: m.display_name ?? "A former member",
    html: m.removed_at ? "" : openMessage(conversationId, m.body_enc).html,
    createdAt: m.created_at,
    removed: m.removed_at !== null,
    reported: m.id === messageId,
  }));
}

/** Files the report with its excerpt, in one transaction. */
export async function reportMessage(
  db: Kysely<Database>,
  reporterId: string,
  messageId: number,
  input: { reason: ReportReason; note: string },
  now = clockNow(),
): Promise<{ itemId: number }> {
  const message = await reportableMessage(db, reporterId, messageId);
  const { reportContext } = await getMessageSettings(db);
  return inTransaction(db, async (tx) => {
    const excerpt = await captureExcerpt(tx, message.conversation_id, message.id, reportContext);
    const { itemId, reportId } = await fileReport(tx, reporterId, { kind: "message", id: message.id }, { reason: input.reason, note: input.note }, now);
    await tx
      .insertInto("report_excerpts")
      .values({ report_id: reportId, excerpt_enc: sealText(JSON.stringify(excerpt), reportOwner(reportId)) })
      .execute();
    return { itemId };
  });
}

/** What the review page shows of a reported message: the excerpt its first open report carried. */
export async function messageReviewExcerpt(db: Kysely<Database>, itemKey: string): Promise<ExcerptMessage[]> {
  const row = await db
    .selectFrom("review_items as ri")
    .innerJoin("reports as r", "r.item_id", "ri.id")
    .innerJoin("report_excerpts as x", "x.report_id", "r.id")
    .select(["r.id", "x.excerpt_enc"])
    .where("ri.target_key", "=", itemKey)
    .orderBy("ri.id", "desc")
    .orderBy("r.id", "asc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return [];
  try {
    return JSON.parse(openText(row.excerpt_enc, reportOwner(row.id))) as ExcerptMessage[];
  } catch (error) {
    if (error instanceof UnreadableTextError) return [];
    throw error;
  }
}
