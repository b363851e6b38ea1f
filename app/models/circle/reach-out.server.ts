/**
 * Reaching out: in a bad moment the member taps "Reach out" and chooses who (all of their circle, or
 * some) with an optional line. Each person gets an urgent notification — in Harbor, and by e-mail and
 * push where they allow — that says only "Sam R. would like to hear from you"; the line (sealed for
 * the member) waits on the member's circle page. The member sees who was told and when each opened
 * it. It never replaces crisis lines: the pages keep those on the same screen. Floods are limited
 * by the route (app/utils/rate-limit.server.ts, "reachOut").
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { openForReading, sealOptional } from "../../utils/private-text.server";
import { notify } from "../notify.server";
import { recordCircleEvent } from "./history.server";
import { CircleRuleError } from "./people.server";

export { REACH_OUT_LINE_MAX } from "../../utils/circle-forms";

export async function reachOut(db: Kysely<Database>, memberId: string, input: { personIds: string[] | "all"; line: string }, now = clockNow()): Promise<{ told: string[] }> {
  const circle = await db
    .selectFrom("circle_members as cm")
    .innerJoin("users as u", "u.id", "cm.person_id")
    .select(["cm.person_id", "u.display_name"])
    .where("cm.user_id", "=", memberId)
    .orderBy("u.display_name")
    .execute();
  if (circle.length === 0) throw new CircleRuleError("Your support circle is empty for now. Invite someone first — and the crisis lines below are there any time.", "people");
  const chosen = input.personIds === "all" ? circle : circle.filter((p) => (input.personIds as string[]).includes(p.person_id));
  if (chosen.length === 0 || (input.personIds !== "all" && chosen.length !== new Set(input.personIds).size))
    throw new CircleRuleError("Choose who to reach out to: everyone, or some of the people in your circle.", "people");
  return inTransaction(db, async (tx) => {
    const row = await tx
      .insertInto("circle_reach_outs")
      .values({ user_id: memberId, line_enc: sealOptional(input.line, memberId), created_at: now.toISOString() })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("circle_reach_out_recipients")
      .values(chosen.map((p) => ({ reach_out_id: row.id, person_id: p.person_id, opened_at: null })))
      .execute();
    for (const p of chosen) await notify(tx, { userId: p.person_id, type: "circle_reach_out", actorId: memberId, data: { memberId, reachOutId: row.id } });
    const names = chosen.map((p) => p.display_name);
    await recordCircleEvent(tx, { memberId, kind: "reach_out", detail: { items: names } }, now);
    return { told: names };
  });
}

/** The member's recent reach-outs: when, their line, who was told and when each opened it. */
export async function listReachOuts(db: Kysely<Database>, memberId: string, limit = 10) {
  const outs = await db.selectFrom("circle_reach_outs").select(["id", "line_enc", "created_at"]).where("user_id", "=", memberId).orderBy("id", "desc").limit(limit).execute();
  if (outs.length === 0) return [];
  const recipients = await db
    .selectFrom("circle_reach_out_recipients as r")
    .innerJoin("users as u", "u.id", "r.person_id")
    .select(["r.reach_out_id", "u.display_name", "r.opened_at"])
    .where(
      "r.reach_out_id",
      "in",
      outs.map((o) => o.id),
    )
    .orderBy("u.display_name")
    .execute();
  return outs.map((o) => ({
    id: o.id,
    at: o.created_at,
    line: openForReading(o.line_enc, memberId),
    told: recipients.filter((r) => r.reach_out_id === o.id).map((r) => ({ name: r.display_name, openedAt: r.opened_at })),
  }));
}

/** The member's recent reach-outs to this person (for their circle page), newest first. */
export async function reachOutsTo(db: Kysely<Database>, memberId: string, personId: string, limit = 5) {
  const rows = await db
    .selectFrom("circle_reach_out_recipients as r")
    .innerJoin("circle_reach_outs as o", "o.id", "r.reach_out_id")
    .select(["o.id", "o.line_enc", "o.created_at", "r.opened_at"])
    .where("o.user_id", "=", memberId)
    .where("r.person_id", "=", personId)
    .orderBy("o.id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, at: r.created_at, line: openForReading(r.line_enc, memberId), openedAt: r.opened_at }));
}

/** The person opened the member's circle page: their reach-outs count as seen. */
export async function markReachOutsOpened(db: Kysely<Database>, memberId: string, personId: string, now = clockNow()): Promise<void> {
  await db
    .updateTable("circle_reach_out_recipients")
    .set({ opened_at: now.toISOString() })
    .where("person_id", "=", personId)
    .where("opened_at", "is", null)
    .where("reach_out_id", "in", (eb) => eb.selectFrom("circle_reach_outs").select("id").where("user_id", "=", memberId))
    .execute();
}
