/**
 * Sobriety trackers: a member's own, private record. Every function takes the owner's id and only
 * ever touches that owner's rows: a tracker of someone else is simply "not found" (404), whoever
 * asks — another member, a moderator or an admin.
 *
 * A tracker is a start date (optionally a time) and its slips. Streaks, totals and milestones are
 * derived (app/utils/sobriety.ts), so a slip can be undone or its date corrected without losing
 * anything else. Tracker names (they name the substance) and slip notes are encrypted at rest.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTransaction, isUniqueViolation } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { openForReading, sealOptional, sealText } from "../utils/private-text.server";
import { DEFAULT_MILESTONES, NA_KEY_TAGS, isChipColor, localDateTime, summarize, type LocalDate, type MilestoneSet, type TrackerSummary } from "../utils/sobriety";
import { notify } from "./notify.server";

export { TRACKER_NAME_MAX, SLIP_NOTE_MAX } from "../utils/recovery-limits";
export const MAX_TRACKERS = 20;

/** A rule of the recovery area was broken: the message is for the member, at `field`. */
export class RecoveryRuleError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export function notFound(): RecoveryRuleError {
  return new RecoveryRuleError("Not found", "form", 404);
}

// ---------------------------------------------------------------------------------------------
// The site's milestone set (admin setting)

const MILESTONES_KEY = "recovery_milestones";

function isMilestoneSet(value: unknown): value is MilestoneSet {
  const v = value as MilestoneSet;
  return (
    !!v &&
    ["default", "na", "custom"].includes(v.preset) &&
    Array.isArray(v.milestones) &&
    v.milestones.length > 0 &&
    v.milestones.every((m) => Number.isInteger(m?.amount) && m.amount > 0 && (m.unit === "days" || m.unit === "months") && isChipColor(String(m.color))) &&
    (v.yearlyColor === null || isChipColor(String(v.yearlyColor)))
  );
}

export async function getMilestoneSet(db: Kysely<Database>): Promise<MilestoneSet> {
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", MILESTONES_KEY).executeTakeFirst();
  if (!row) return DEFAULT_MILESTONES;
  try {
    const parsed: unknown = JSON.parse(row.value);
    return isMilestoneSet(parsed) ? parsed : DEFAULT_MILESTONES;
  } catch {
    return DEFAULT_MILESTONES;
  }
}

export async function saveMilestoneSet(db: Kysely<Database>, set: MilestoneSet, adminId: string, now = clockNow()): Promise<void> {
  if (!isMilestoneSet(set)) throw new RecoveryRuleError("That milestone set is not valid.", "milestones");
  const stored: MilestoneSet = set.preset === "default" ? DEFAULT_MILESTONES : set.preset === "na" ? NA_KEY_TAGS : set;
  const values = { value: JSON.stringify(stored), updated_at: now.toISOString(), updated_by: adminId };
  await db
    .insertInto("site_settings")
    .values({ key: MILESTONES_KEY, ...values })
    .onConflict((oc) => oc.column("key").doUpdateSet(values))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface SlipRecord {
  id: number;
  date: LocalDate;
  note: string;
  createdAt: string;
}

export interface TrackerRecord {
  id: number;
  name: string;
  startDate: LocalDate;
  startTime: string | null;
  announcedDays: number;
  createdAt: string;
}

type TrackerRow = { id: number; user_id: string; name: string; name_enc: string | null; start_date: string; start_time: string | null; announced_days: number; created_at: string };

/** The name, opened for its owner (a plain name is one the app has not sealed yet). */
function trackerName(row: Pick<TrackerRow, "user_id" | "name" | "name_enc">): string {
  return row.name_enc ? openForReading(row.name_enc, row.user_id) : row.name;
}

function toRecord(row: TrackerRow): TrackerRecord {
  return { id: row.id, name: trackerName(row), startDate: row.start_date, startTime: row.start_time, announcedDays: row.announced_days, createdAt: row.created_at };
}

const TRACKER_COLUMNS = ["id", "user_id", "name", "name_enc", "start_date", "start_time", "announced_days", "created_at"] as const;

function parseId(id: number | string): number | null {
  const n = typeof id === "number" ? id : /^\d{1,12}$/.test(id) ? Number(id) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The owner's tracker with its slips (notes decrypted), or null: someone else's tracker is null too. */
export async function getTracker(db: Kysely<Database>, userId: string, trackerId: number | string): Promise<(TrackerRecord & { slips: SlipRecord[] }) | null> {
  const id = parseId(trackerId);
  if (id === null) return null;
  const row = await db.selectFrom("recovery_trackers").select(TRACKER_COLUMNS).where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  if (!row) return null;
  const slips = await db
    .selectFrom("recovery_slips")
    .select(["id", "slip_date", "note_enc", "created_at"])
    .where("tracker_id", "=", id)
    .where("user_id", "=", userId)
    .orderBy("slip_date")
    .execute();
  return {
    ...toRecord(row),
    slips: slips.map((s) => ({ id: s.id, date: s.slip_date, note: openForReading(s.note_enc, userId), createdAt: s.created_at })),
  };
}

export interface TrackerWithSummary extends TrackerRecord {
  slips: SlipRecord[];
  summary: TrackerSummary;
}

export function summarizeTracker(tracker: TrackerRecord & { slips: Pick<SlipRecord, "date">[] }, set: MilestoneSet, instant: Date, timeZone: string): TrackerSummary {
  return summarize({ startDate: tracker.startDate, startTime: tracker.startTime, slips: tracker.slips.map((s) => s.date) }, set, instant, timeZone);
}

/** All of the owner's trackers with their counts: two queries whatever their number. */
export async function listTrackers(db: Kysely<Database>, userId: string, set: MilestoneSet, timeZone: string, instant = clockNow()): Promise<TrackerWithSummary[]> {
  const rows = await db.selectFrom("recovery_trackers").select(TRACKER_COLUMNS).where("user_id", "=", userId).orderBy("id").limit(MAX_TRACKERS).execute();
  if (rows.length === 0) return [];
  const slips = await db.selectFrom("recovery_slips").select(["id", "tracker_id", "slip_date", "created_at"]).where("user_id", "=", userId).orderBy("slip_date").execute();
  return rows.map((row) => {
    const own = slips.filter((s) => s.tracker_id === row.id).map((s) => ({ id: s.id, date: s.slip_date, note: "", createdAt: s.created_at }));
    const record = { ...toRecord(row), slips: own };
    return { ...record, summary: summarizeTracker(record, set, instant, timeZone) };
  });
}

// ---------------------------------------------------------------------------------------------
// Writing

function assertNotFuture(date: LocalDate, time: string | null, timeZone: string, instant: Date, field: string, what: string) {
  const local = localDateTime(instant, timeZone);
  if (date > local.date || (date === local.date && time !== null && time > local.time)) {
    throw new RecoveryRuleError(`${what} can't be in the future. Today is ${local.date} where you are.`, field);
  }
}

export interface TrackerInput {
  name: string;
  startDate: LocalDate;
  startTime: string | null;
}

/** Starts a tracker; the start may be back-dated (moving from another app). */
export async function createTracker(db: Kysely<Database>, userId: string, input: TrackerInput, set: MilestoneSet, timeZone: string, instant = clockNow()): Promise<number> {
  assertNotFuture(input.startDate, input.startTime, timeZone, instant, "startDate", "The start date");
  return inTransaction(db, async (tx) => {
    const count = await tx.selectFrom("recovery_trackers").select(tx.fn.countAll<number>().as("n")).where("user_id", "=", userId).executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_TRACKERS) throw new RecoveryRuleError(`You can keep up to ${MAX_TRACKERS} trackers.`, "form", 409);
    // Milestones already behind a back-dated start are not announced as news.
    const summary = summarize({ startDate: input.startDate, startTime: input.startTime, slips: [] }, set, instant, timeZone);
    const iso = instant.toISOString();
    const row = await tx
      .insertInto("recovery_trackers")
      .values({
        user_id: userId,
        name: "",
        name_enc: sealText(input.name, userId),
        start_date: input.startDate,
        start_time: input.startTime,
        announced_days: summary.current.days,
        created_at: iso,
        updated_at: iso,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

async function requireOwnTracker(db: Kysely<Database>, userId: string, trackerId: number | string) {
  const tracker = await getTracker(db, userId, trackerId);
  if (!tracker) throw notFound();
  return tracker;
}

export async function renameTracker(db: Kysely<Database>, userId: string, trackerId: number | string, name: string, instant = clockNow()): Promise<void> {
  const tracker = await requireOwnTracker(db, userId, trackerId);
  await db
    .updateTable("recovery_trackers")
    .set({ name: "", name_enc: sealText(name, userId), updated_at: instant.toISOString() })
    .where("id", "=", tracker.id)
    .where("user_id", "=", userId)
    .execute();
}

/** Corrects the start date (and time). It must stay on or before the first slip, and not in the future. */
export async function correctStart(
  db: Kysely<Database>,
  userId: string,
  trackerId: number | string,
  start: { startDate: LocalDate; startTime: string | null },
  timeZone: string,
  instant = clockNow(),
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const tracker = await requireOwnTracker(tx, userId, trackerId);
    assertNotFuture(start.startDate, start.startTime, timeZone, instant, "startDate", "The start date");
    const first = tracker.slips[0];
    if (first && start.startDate > first.date) {
      throw new RecoveryRuleError(`The start can't be after your first recorded slip (${first.date}). Correct or undo that slip first.`, "startDate");
    }
    await tx
      .updateTable("recovery_trackers")
      .set({ start_date: start.startDate, start_time: start.startTime, updated_at: instant.toISOString() })
      .where("id", "=", tracker.id)
      .where("user_id", "=", userId)
      .execute();
  });
}

function checkSlipDate(tracker: TrackerRecord & { slips: SlipRecord[] }, date: LocalDate, timeZone: string, instant: Date, exceptSlipId?: number) {
  if (date < tracker.startDate) throw new RecoveryRuleError(`That date is before this tracker started (${tracker.startDate}).`, "date");
  assertNotFuture(date, null, timeZone, instant, "date", "A slip date");
  if (tracker.slips.some((s) => s.date === date && s.id !== exceptSlipId)) {
    throw new RecoveryRuleError("A slip is already recorded on that day. You can edit its note instead.", "date", 409);
  }
}

/**
 * "I had a slip": closes the current streak on `date` and starts a new one that same day. Earlier
 * streaks stay in the history and keep counting in the totals.
 */
export async function recordSlip(
  db: Kysely<Database>,
  userId: string,
  trackerId: number | string,
  input: { date: LocalDate; note: string },
  timeZone: string,
  instant = clockNow(),
): Promise<number> {
  try {
    return await inTransaction(db, async (tx) => {
      const tracker = await requireOwnTracker(tx, userId, trackerId);
      checkSlipDate(tracker, input.date, timeZone, instant, undefined);
      const row = await tx
        .insertInto("recovery_slips")
        .values({ tracker_id: tracker.id, user_id: userId, slip_date: input.date, note_enc: sealOptional(input.note, userId), created_at: instant.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx.updateTable("recovery_trackers").set({ announced_days: 0, updated_at: instant.toISOString() }).where("id", "=", tracker.id).execute();
      return row.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RecoveryRuleError("A slip is already recorded on that day. You can edit its note instead.", "date", 409);
    throw error;
  }
}

/** Corrects a slip's date or note. */
export async function correctSlip(
  db: Kysely<Database>,
  userId: string,
  trackerId: number | string,
  slipId: number | string,
  input: { date: LocalDate; note: string },
  timeZone: string,
  instant = clockNow(),
): Promise<void> {
  try {
    await inTransaction(db, async (tx) => {
      const tracker = await requireOwnTracker(tx, userId, trackerId);
      const slip = tracker.slips.find((s) => s.id === parseId(slipId));
      if (!slip) throw notFound();
      checkSlipDate(tracker, input.date, timeZone, instant, slip.id);
      await tx
        .updateTable("recovery_slips")
        .set({ slip_date: input.date, note_enc: sealOptional(input.note, userId) })
        .where("id", "=", slip.id)
        .where("user_id", "=", userId)
        .execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RecoveryRuleError("A slip is already recorded on that day.", "date", 409);
    throw error;
  }
}

/**
 * Undoes a mistaken reset: removes the most recent slip, so the streak it ended runs on. Milestones
 * of the restored streak that were already passed are not announced again.
 */
export async function undoLastSlip(
  db: Kysely<Database>,
  userId: string,
  trackerId: number | string,
  set: MilestoneSet,
  timeZone: string,
  instant = clockNow(),
): Promise<LocalDate> {
  return inTransaction(db, async (tx) => {
    const tracker = await requireOwnTracker(tx, userId, trackerId);
    const last = tracker.slips[tracker.slips.length - 1];
    if (!last) throw new RecoveryRuleError("There is no slip to undo.", "form", 409);
    await tx.deleteFrom("recovery_slips").where("id", "=", last.id).where("user_id", "=", userId).execute();
    const restored = summarizeTracker({ ...tracker, slips: tracker.slips.slice(0, -1) }, set, instant, timeZone);
    await tx.updateTable("recovery_trackers").set({ announced_days: restored.current.days, updated_at: instant.toISOString() }).where("id", "=", tracker.id).execute();
    return last.date;
  });
}

export async function deleteTracker(db: Kysely<Database>, userId: string, trackerId: number | string): Promise<void> {
  const id = parseId(trackerId);
  if (id === null) throw notFound();
  const result = await db.deleteFrom("recovery_trackers").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound();
}

/**
 * Where milestones are detected: when a member's tracker is counted (their pages), any milestone of
 * the current streak reached since the last count is announced to them — privately — once.
 * Returns the milestones newly announced.
 */
export async function announceMilestones(db: Kysely<Database>, userId: string, trackers: readonly (TrackerRecord & { summary: TrackerSummary })[]): Promise<string[]> {
  const announced: string[] = [];
  for (const tracker of trackers) {
    const fresh = tracker.summary.reached.filter((m) => m.days > tracker.announcedDays);
    const top = fresh[fresh.length - 1];
    if (!top) continue;
    await inTransaction(db, async (tx) => {
      const result = await tx
        .updateTable("recovery_trackers")
        .set({ announced_days: top.days })
        .where("id", "=", tracker.id)
        .where("user_id", "=", userId)
        .where("announced_days", "<", top.days)
        .executeTakeFirst();
      // Another request announced it first: nothing to do.
      if (Number(result.numUpdatedRows) === 0) return;
      await notify(tx, { type: "milestone", userId, data: { label: top.label, trackerId: tracker.id } });
      announced.push(top.label);
    });
  }
  return announced;
}
