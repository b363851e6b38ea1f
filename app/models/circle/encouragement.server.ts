/**
 * Encouragement: a short message or one of a few kind cards from a person in a member's circle to
 * the member. The message is sealed for the member (like the journal); it lands on the member's
 * bell unless they muted that person (then it waits on their circle page, quietly).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { openForReading, sealOptional } from "../../utils/private-text.server";
import type { CircleView } from "../../policy/circle";
import { notify } from "../notify.server";
import { CircleRuleError } from "./people.server";

import { ENCOURAGEMENT_CARDS, isEncouragementCard, type EncouragementCard } from "../../utils/circle-forms";

export { ENCOURAGEMENT_CARDS, ENCOURAGEMENT_MAX, isEncouragementCard, type EncouragementCard } from "../../utils/circle-forms";

/** At most this many from one person to one member a day: kindness, not a flood. */
export const ENCOURAGEMENTS_PER_DAY = 10;

export async function sendEncouragement(
  db: Kysely<Database>,
  senderId: string,
  view: CircleView,
  input: { card: EncouragementCard | null; message: string },
  now = clockNow(),
): Promise<{ muted: boolean }> {
  if (!input.card && !input.message) throw new CircleRuleError("Choose a card or write a few words.", "message");
  const since = new Date(now.getTime() - 86_400_000).toISOString();
  const recent = await db
    .selectFrom("circle_encouragements")
    .select("id")
    .where("user_id", "=", view.memberId)
    .where("sender_id", "=", senderId)
    .where("created_at", ">", since)
    .limit(ENCOURAGEMENTS_PER_DAY)
    .execute();
  if (recent.length >= ENCOURAGEMENTS_PER_DAY) throw new CircleRuleError("That's a lot of kindness for one day. Try again tomorrow.", "form", 429);
  return inTransaction(db, async (tx) => {
    const link = await tx.selectFrom("circle_members").select("muted").where("user_id", "=", view.memberId).where("person_id", "=", senderId).executeTakeFirst();
    if (!link) throw new CircleRuleError("Not found", "form", 404);
    const row = await tx
      .insertInto("circle_encouragements")
      .values({ user_id: view.memberId, sender_id: senderId, card: input.card, message_enc: sealOptional(input.message, view.memberId), created_at: now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    const muted = link.muted === 1;
    if (!muted) await notify(tx, { userId: view.memberId, type: "circle_encouragement", actorId: senderId, data: { encouragementId: row.id } });
    return { muted };
  });
}

/** The member's encouragement, newest first, messages opened for them. */
export async function listEncouragement(db: Kysely<Database>, memberId: string, limit = 30) {
  const rows = await db
    .selectFrom("circle_encouragements as e")
    .leftJoin("users as s", "s.id", "e.sender_id")
    .select(["e.id", "e.card", "e.message_enc", "e.created_at", "s.display_name"])
    .where("e.user_id", "=", memberId)
    .orderBy("e.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    from: r.display_name ?? "A former member",
    card: isEncouragementCard(r.card) ? ENCOURAGEMENT_CARDS[r.card] : null,
    message: openForReading(r.message_enc, memberId),
    at: r.created_at,
  }));
}
