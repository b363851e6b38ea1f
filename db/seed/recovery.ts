import type { Kysely } from "kysely";
import type { Database } from "../schema";
import type { SeedContext } from "./context";
import { createJournalEntry, saveCheckin } from "../../app/models/recovery-journal.server";
import { savePlan } from "../../app/models/recovery-plan.server";
import { addTaperStep } from "../../app/models/recovery-taper.server";
import { createTracker, getMilestoneSet, recordSlip } from "../../app/models/recovery-trackers.server";
import { setDiscreetMode } from "../../app/models/users.server";
import { now } from "../../app/utils/clock.server";
import { addDays, localToday } from "../../app/utils/sobriety";

/**
 * Demo data of the recovery area; idempotent (running the seed twice adds nothing). Sam (Chicago)
 * gets two trackers — one with a slip in its history — three weeks of check-ins, journal entries,
 * a taper log and a filled-in plan; Riley gets a young tracker. Dates are relative to today.
 */
export async function seedRecovery(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  const samId = ctx.userIds.get("sam@harbor.test");
  const rileyId = ctx.userIds.get("riley@harbor.test");
  if (!samId || !rileyId) return;
  const existing = await db.selectFrom("recovery_trackers").select("id").where("user_id", "in", [samId, rileyId]).executeTakeFirst();
  if (existing) return;
  const set = await getMilestoneSet(db);
  const zone = "America/Chicago";
  const instant = now();
  const today = localToday(instant, zone);

  const benzo = await createTracker(db, samId, { name: "Benzodiazepines", startDate: addDays(today, -260), startTime: null }, set, zone, instant);
  await recordSlip(
    db,
    samId,
    benzo,
    { date: addDays(today, -88), note: "A terrible week of no sleep. I took one from an old bottle.\nWhat helped: telling my sponsor the next morning." },
    zone,
    instant,
  );
  await createTracker(db, samId, { name: "Alcohol", startDate: addDays(today, -1_150), startTime: null }, set, zone, instant);
  await createTracker(db, rileyId, { name: "Alcohol", startDate: addDays(today, -12), startTime: "21:00" }, set, "Europe/London", instant);
  // Riley opens Harbor at work: discreet mode keeps "Alcohol" and the count off the home page until tapped.
  await setDiscreetMode(db, rileyId, true);

  // Three weeks of check-ins, with a few days missed.
  const moods = [3, 3, 2, 3, 4, 4, 3, 2, 2, 3, 4, 4, 5, 4, 3, 4, 4, 5, 4, 4, 5];
  for (let i = 0; i < moods.length; i++) {
    if (i === 5 || i === 11) continue;
    const day = new Date(instant.getTime() - (moods.length - 1 - i) * 86_400_000);
    await saveCheckin(
      db,
      samId,
      {
        mood: moods[i]!,
        cravings: Math.max(0, 7 - moods[i]! - (i % 3)),
        sleepHours: 5 + (i % 4) * 0.5,
        wentToMeeting: i % 3 === 0,
        note: i === moods.length - 1 ? "Good meeting tonight. Slept better." : "",
      },
      zone,
      day,
    );
  }
  await createJournalEntry(
    db,
    samId,
    {
      date: addDays(today, -3),
      body: "Three months since the slip, almost.\n\nThings that help:\n\n- **Tuesday meeting**\n- walking before bed\n- not keeping old bottles around",
    },
    zone,
    instant,
  );
  await createJournalEntry(db, samId, { date: today, body: "Felt the old pull at the pharmacy today. Breathed, left, called Ana. *It passed.*" }, zone, instant);

  for (const [days, dose] of [
    [-240, 20],
    [-200, 17.5],
    [-160, 15],
    [-120, 12.5],
    [-80, 10],
    [-40, 7.5],
    [0, 5],
  ] as const) {
    await addTaperStep(
      db,
      samId,
      { medication: "Diazepam", doseMg: dose, fromDate: addDays(today, days), note: days === 0 ? "Dr. Patel: hold here for a month." : "" },
      zone,
      instant,
    );
  }
  await savePlan(
    db,
    samId,
    {
      triggers: "Nights without sleep\nThe pharmacy aisle\nBeing alone on Sunday evenings",
      warningSigns: "Skipping meetings\nTelling myself one won't matter\nNot answering texts",
      coping: "Walk around the block\nCall someone on this list\nA hot shower, then bed\nThe Tuesday online meeting",
      contacts: [
        { name: "Ana (sponsor)", phone: "+1 312 555 0142" },
        { name: "Mum", phone: "+1 312 555 0188" },
      ],
      places: "Tuesday night meeting at St. Luke's\nThe library café",
      reasons: "Waking up clear-headed\nBeing there for my kids\nI like who I am now",
    },
    instant,
  );
  ctx.created.push("3 sobriety trackers (Sam R. and Riley, who uses discreet mode), with Sam's check-ins, journal, taper log and plan");
}
