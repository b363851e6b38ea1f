/**
 * The directory's dates at scale. Every meeting's dates over a rolling horizon (about two weeks,
 * from two days ago) are kept in `meeting_dates` as UTC instants, computed from the meeting's
 * wall-clock schedule and zone (app/utils/meeting-time.ts) — so a page of the directory is one
 * indexed read of the next dates in start order, whatever the number of meetings.
 *
 * - A meeting's rows are rebuilt in the same transaction as any change to it (createMeeting,
 *   updateMeeting; a deleted meeting's go with it).
 * - The horizon moves forward when a directory request finds it short (about once a day: the
 *   new days of every meeting are added and dates long over dropped), and is rebuilt whole when
 *   the runtime's time-zone data changes (a Node upgrade) or the clock jumps outside it (tests).
 *   Concurrent fills are harmless: rows are inserted "on conflict do nothing".
 * - The horizon's state (its range, the longest meeting, the zone data version) is a row of
 *   site_settings, read once per directory request (one primary-key read).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTransaction } from "../../db/client";
import { durationMinutes, occurrencesBetween, type Schedule } from "../utils/meeting-time";

const DAY = 86_400_000;
/** The horizon is filled to this many days ahead … */
const FILL_AHEAD_DAYS = 15;
/** … and extended when less than this remains (the directory reads up to 8 days ahead). */
const NEED_AHEAD_DAYS = 9;
/** Dates that ended more than this long ago are dropped. */
const KEEP_BEHIND_DAYS = 2;
const KEY = "meeting_dates";
const BATCH = 500;

export interface Horizon {
  from: string;
  until: string;
  /** The longest meeting's length: how far back a date that is still in progress can have started. */
  maxMinutes: number;
  /** The runtime's time-zone data version the dates were computed with. */
  tz: string;
}

type ScheduleRow = { id: number; kind: "weekly" | "one_off"; days: string; one_off_date: string | null; start_time: string; end_time: string; time_zone: string };

function scheduleOfRow(m: ScheduleRow): Schedule {
  return { kind: m.kind, days: m.days ? m.days.split(",").map(Number) : [], date: m.one_off_date, startTime: m.start_time, endTime: m.end_time, timeZone: m.time_zone };
}

function tzVersion(): string {
  return process.versions.tz ?? "";
}

/** The horizon as this server last read or wrote it, per database, trusted for a short while (real time). */
const known = new WeakMap<object, { horizon: Horizon; at: number }>();
const TRUST_MS = 30_000;

async function readHorizon(db: Kysely<Database>): Promise<Horizon | null> {
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", KEY).executeTakeFirst();
  if (!row) return null;
  try {
    const h = JSON.parse(row.value) as Horizon;
    return typeof h.from === "string" && typeof h.until === "string" && typeof h.maxMinutes === "number" ? h : null;
  } catch {
    return null;
  }
}

async function writeHorizon(db: Kysely<Database>, h: Horizon, now: Date): Promise<void> {
  const values = { value: JSON.stringify(h), updated_at: now.toISOString(), updated_by: null };
  await db
    .insertInto("site_settings")
    .values({ key: KEY, ...values })
    .onConflict((oc) => oc.column("key").doUpdateSet(values))
    .execute();
}

async function insertDates(db: Kysely<Database>, meetings: ScheduleRow[], from: Date, until: Date): Promise<number> {
  let rows: { meeting_id: number; occurrence_date: string; starts_at: string; ends_at: string }[] = [];
  let maxMinutes = 0;
  const flush = async () => {
    if (rows.length === 0) return;
    await db
      .insertInto("meeting_dates")
      .values(rows)
      .onConflict((oc) => oc.columns(["meeting_id", "occurrence_date"]).doNothing())
      .execute();
    rows = [];
  };
  for (const m of meetings) {
    maxMinutes = Math.max(maxMinutes, durationMinutes(m.start_time, m.end_time));
    for (const o of occurrencesBetween(scheduleOfRow(m), from, until)) {
      rows.push({ meeting_id: m.id, occurrence_date: o.date, starts_at: o.start.toISOString(), ends_at: o.end.toISOString() });
      if (rows.length >= BATCH) await flush();
    }
  }
  await flush();
  return maxMinutes;
}

const SCHEDULE_COLUMNS = ["id", "kind", "days", "one_off_date", "start_time", "end_time", "time_zone"] as const;

/**
 * The horizon, filled far enough for a directory read at `now`: one query when it already is
 * (nearly always), otherwise the fill described above first.
 */
export async function ensureMeetingDates(db: Kysely<Database>, now: Date): Promise<Horizon> {
  const nowMs = now.getTime();
  const needFrom = new Date(nowMs - DAY).toISOString();
  const needUntil = new Date(nowMs + NEED_AHEAD_DAYS * DAY).toISOString();
  const covers = (h: Horizon | null | undefined): boolean => !!h && h.tz === tzVersion() && h.from <= needFrom && h.until >= needUntil;
  // Another server's change to the longest meeting reaches this one within TRUST_MS; its own, at once.
  const remembered = known.get(db);
  if (remembered && remembered.at > Date.now() - TRUST_MS && remembered.at >= lastWrite && covers(remembered.horizon)) return remembered.horizon;
  const current = await readHorizon(db);
  if (current && covers(current)) {
    known.set(db, { horizon: current, at: Date.now() });
    return current;
  }
  const from = new Date(nowMs - KEEP_BEHIND_DAYS * DAY);
  const until = new Date(nowMs + FILL_AHEAD_DAYS * DAY);
  return inTransaction(db, async (tx) => {
    const meetings = (await tx.selectFrom("meetings").select(SCHEDULE_COLUMNS).execute()) as ScheduleRow[];
    const extend = current && current.tz === tzVersion() && current.from <= needFrom && current.until >= from.toISOString();
    let maxMinutes: number;
    if (extend) {
      await tx.deleteFrom("meeting_dates").where("ends_at", "<", from.toISOString()).execute();
      maxMinutes = Math.max(current.maxMinutes, await insertDates(tx, meetings, new Date(current.until), until));
    } else {
      await tx.deleteFrom("meeting_dates").execute();
      maxMinutes = await insertDates(tx, meetings, from, until);
    }
    const horizon: Horizon = { from: from.toISOString(), until: until.toISOString(), maxMinutes, tz: tzVersion() };
    await writeHorizon(tx, horizon, now);
    return horizon;
  }).then((horizon) => {
    known.set(db, { horizon, at: Date.now() });
    return horizon;
  });
}

let generation = 0;
/** When this server last changed a meeting (real time): remembered horizons older than that are read again. */
let lastWrite = 0;
/** Counts meeting changes made by this process (the directory's filter lists are read afresh after one). */
export function meetingsGeneration(): number {
  return generation;
}

/**
 * Tells this process that meetings changed (added, edited, archived, deleted): the directory's
 * filter lists are read afresh. Called inside the writing transaction and again after it commits,
 * so a list read in between is not kept. (Other servers read theirs again within a minute.)
 */
export function noteMeetingsChanged(): void {
  generation += 1;
  lastWrite = Date.now();
}

/**
 * Rebuilds one meeting's dates within the horizon (call inside the transaction that changed it).
 * Before the horizon exists there is nothing to do: the first fill computes every meeting.
 */
export async function refreshMeetingDates(db: Kysely<Database>, meetingId: number, now: Date): Promise<void> {
  noteMeetingsChanged();
  const horizon = await readHorizon(db);
  if (!horizon) return;
  await db.deleteFrom("meeting_dates").where("meeting_id", "=", meetingId).execute();
  const meeting = (await db.selectFrom("meetings").select(SCHEDULE_COLUMNS).where("id", "=", meetingId).executeTakeFirst()) as ScheduleRow | undefined;
  if (!meeting) return;
  const minutes = await insertDates(db, [meeting], new Date(horizon.from), new Date(horizon.until));
  if (minutes > horizon.maxMinutes) await writeHorizon(db, { ...horizon, maxMinutes: minutes }, now);
}
