/**
 * The member's relapse-prevention plan: triggers, early warning signs, coping strategies, people
 * to call, places to go, reasons for recovery. Stored as one encrypted value per member.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";
import { openForReading, sealText, UNREADABLE_TEXT } from "../utils/private-text.server";

export { PLAN_CONTACTS, PLAN_TEXT_MAX } from "../utils/recovery-plan-form";

import type { RecoveryPlan } from "../utils/recovery-plan-form";
export { PLAN_SECTIONS, type PlanContact, type RecoveryPlan } from "../utils/recovery-plan-form";

export const EMPTY_PLAN: RecoveryPlan = { triggers: "", warningSigns: "", coping: "", contacts: [], places: "", reasons: "" };

export async function getPlan(db: Kysely<Database>, userId: string): Promise<{ plan: RecoveryPlan; updatedAt: string | null }> {
  const row = await db.selectFrom("recovery_plans").select(["plan_enc", "updated_at"]).where("user_id", "=", userId).executeTakeFirst();
  if (!row) return { plan: EMPTY_PLAN, updatedAt: null };
  const opened = openForReading(row.plan_enc, userId);
  if (opened === UNREADABLE_TEXT) return { plan: { ...EMPTY_PLAN, triggers: UNREADABLE_TEXT }, updatedAt: row.updated_at };
  return { plan: { ...EMPTY_PLAN, ...(JSON.parse(opened) as Partial<RecoveryPlan>) }, updatedAt: row.updated_at };
}

export async function savePlan(db: Kysely<Database>, userId: string, plan: RecoveryPlan, instant = clockNow()): Promise<void> {
  const values = { plan_enc: sealText(JSON.stringify(plan), userId), updated_at: instant.toISOString() };
  await db
    .insertInto("recovery_plans")
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column("user_id").doUpdateSet(values))
    .execute();
}
