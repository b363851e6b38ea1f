/**
 * The taper log: what the member's prescriber set — medication, dose in mg, from which date.
 * Harbor records and draws it; it never computes, suggests or judges a dose. The medication name
 * and notes are encrypted at rest.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";
import { openForReading, sealOptional, sealText } from "../utils/private-text.server";
import { addDays, localDateTime, type LocalDate } from "../utils/sobriety";
import { notFound, RecoveryRuleError } from "./recovery-trackers.server";

export { MEDICATION_MAX, TAPER_NOTE_MAX } from "../utils/recovery-limits";
export const TAPER_MAX_STEPS = 200;

export interface TaperStep {
  id: number;
  medication: string;
  doseMg: number;
  fromDate: LocalDate;
  note: string;
}

export async function addTaperStep(
  db: Kysely<Database>,
  userId: string,
  input: { medication: string; doseMg: number; fromDate: LocalDate; note: string },
  timeZone: string,
  instant = clockNow(),
): Promise<number> {
  const today = localDateTime(instant, timeZone).date;
  if (input.fromDate > addDays(today, 366)) throw new RecoveryRuleError("That date is more than a year ahead. Record steps as your prescriber sets them.", "fromDate");
  const count = await db.selectFrom("recovery_taper_steps").select(db.fn.countAll<number>().as("n")).where("user_id", "=", userId).executeTakeFirstOrThrow();
  if (Number(count.n) >= TAPER_MAX_STEPS) throw new RecoveryRuleError(`The log keeps up to ${TAPER_MAX_STEPS} steps.`, "form", 409);
  const row = await db
    .insertInto("recovery_taper_steps")
    .values({
      user_id: userId,
      medication_enc: sealText(input.medication, userId),
      dose_micrograms: Math.round(input.doseMg * 1000),
      from_date: input.fromDate,
      note_enc: sealOptional(input.note, userId),
      created_at: instant.toISOString(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listTaperSteps(db: Kysely<Database>, userId: string): Promise<TaperStep[]> {
  const rows = await db
    .selectFrom("recovery_taper_steps")
    .select(["id", "medication_enc", "dose_micrograms", "from_date", "note_enc"])
    .where("user_id", "=", userId)
    .orderBy("from_date")
    .orderBy("id")
    .limit(TAPER_MAX_STEPS)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    medication: openForReading(r.medication_enc, userId),
    doseMg: r.dose_micrograms / 1000,
    fromDate: r.from_date,
    note: openForReading(r.note_enc, userId),
  }));
}

export async function deleteTaperStep(db: Kysely<Database>, userId: string, stepId: string | number): Promise<void> {
  const id = typeof stepId === "number" ? stepId : /^\d{1,12}$/.test(stepId) ? Number(stepId) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  const result = await db.deleteFrom("recovery_taper_steps").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound();
}
