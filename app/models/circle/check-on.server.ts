/**
 * "Check on me": the member's own rules — no check-in for N days, a check-in's cravings at or above
 * a level, mood at or below one — and the people they ticked "check on me" for hear when one fires.
 * Nobody else can set the rules. A rule fires once per member, kind and day (circle_signals); the
 * days-without-a-check-in rule is asked by a scheduled job (hourly, and by POST /__test/scheduled-mail
 * in test builds), once per stretch of silence.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { CircleSignalKind } from "../../../db/schema/circle";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { addDays, localToday } from "../../utils/sobriety";
import { notify } from "../notify.server";
import { recordCircleEvent } from "./history.server";

export interface CheckOnRules {
  silenceDays: number | null;
  cravingsAt: number | null;
  moodAt: number | null;
}

export const NO_RULES: CheckOnRules = { silenceDays: null, cravingsAt: null, moodAt: null };

export async function getCheckOnRules(db: Kysely<Database>, memberId: string): Promise<CheckOnRules> {
  const row = await db.selectFrom("circle_settings").selectAll().where("user_id", "=", memberId).executeTakeFirst();
  return row ? { silenceDays: row.silence_days, cravingsAt: row.cravings_at, moodAt: row.mood_at } : NO_RULES;
}

export function describeRules(rules: CheckOnRules): string {
  const parts = [
    rules.silenceDays !== null ? `no check-in for ${rules.silenceDays} day${rules.silenceDays === 1 ? "" : "s"}` : null,
    rules.cravingsAt !== null ? `cravings at ${rules.cravingsAt} or more` : null,
    rules.moodAt !== null ? `mood at ${rules.moodAt} or lower` : null,
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "all off";
}

export async function saveCheckOnRules(db: Kysely<Database>, memberId: string, rules: CheckOnRules, now = clockNow()): Promise<void> {
  const values = { silence_days: rules.silenceDays, cravings_at: rules.cravingsAt, mood_at: rules.moodAt, updated_at: now.toISOString() };
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto("circle_settings")
      .values({ user_id: memberId, ...values })
      .onConflict((oc) => oc.column("user_id").doUpdateSet(values))
      .execute();
    await recordCircleEvent(tx, { memberId, kind: "rules_changed", detail: { rules: describeRules(rules) } }, now);
  });
}

/** Stores the signal (once per kind and day) and tells everyone the member asked to check on them. Returns how many were told. */
async function fire(db: Kysely<Database>, memberId: string, kind: CircleSignalKind, day: string, now: Date): Promise<number> {
  return inTransaction(db, async (tx) => {
    const stored = await tx
      .insertInto("circle_signals")
      .values({ user_id: memberId, kind, day, created_at: now.toISOString() })
      .onConflict((oc) => oc.columns(["user_id", "kind", "day"]).doNothing())
      .executeTakeFirst();
    if (Number(stored.numInsertedOrUpdatedRows ?? 0) === 0) return 0;
    const people = await tx.selectFrom("circle_members").select("person_id").where("user_id", "=", memberId).where("check_on_me", "=", 1).execute();
    for (const p of people) await notify(tx, { userId: p.person_id, type: "circle_check_on", actorId: memberId, data: { memberId, kind } });
    return people.length;
  });
}

/** After a check-in is saved: cravings at or above, or mood at or below, the member's levels. */
export async function signalAfterCheckin(
  db: Kysely<Database>,
  memberId: string,
  checkin: { day: string; mood: number; cravings: number },
  now = clockNow(),
): Promise<CircleSignalKind[]> {
  const rules = await getCheckOnRules(db, memberId);
  const fired: CircleSignalKind[] = [];
  if (rules.cravingsAt !== null && checkin.cravings >= rules.cravingsAt) {
    await fire(db, memberId, "cravings", checkin.day, now);
    fired.push("cravings");
  }
  if (rules.moodAt !== null && checkin.mood <= rules.moodAt) {
    await fire(db, memberId, "mood", checkin.day, now);
    fired.push("mood");
  }
  return fired;
}

/**
 * The scheduled job: members with a days-without-a-check-in rule and someone to tell, whose last
 * check-in (or, with none, the day they set the rule) is N or more of their days ago. The signal's
 * day is that last day, so one stretch of silence is told once. Returns how many signals fired.
 */
export async function checkSilences(db: Kysely<Database>, now = clockNow()): Promise<number> {
  const members = await db
    .selectFrom("circle_settings as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select(["s.user_id", "s.silence_days", "s.updated_at", "u.time_zone"])
    .where("s.silence_days", "is not", null)
    .where((eb) => eb.exists(eb.selectFrom("circle_members as cm").select("cm.id").whereRef("cm.user_id", "=", "s.user_id").where("cm.check_on_me", "=", 1)))
    .execute();
  let fired = 0;
  for (const m of members) {
    const today = localToday(now, m.time_zone);
    const last = await db
      .selectFrom("recovery_checkins")
      .select((eb) => eb.fn.max("day").as("day"))
      .where("user_id", "=", m.user_id)
      .executeTakeFirst();
    const since = (last?.day as string | null | undefined) ?? localToday(new Date(m.updated_at), m.time_zone);
    if (addDays(since, m.silence_days!) <= today) {
      if (await fire(db, m.user_id, "silence", since, now)) fired++;
    }
  }
  return fired;
}

const SIGNAL_WORDS: Record<CircleSignalKind, string> = {
  silence: "Hasn't checked in for a while",
  cravings: "Strong cravings in a check-in",
  mood: "A low mood in a check-in",
};

export function signalWords(kind: string): string {
  return SIGNAL_WORDS[kind as CircleSignalKind] ?? "Asked to be checked on";
}
