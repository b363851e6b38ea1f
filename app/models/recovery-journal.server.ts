/**
 * The member's daily check-ins and private journal. One check-in a day (the member's own day),
 * editable that day; journal entries are dated Markdown, sanitized like posts. Notes and entries
 * are encrypted at rest; only their owner's id opens them.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";
import { renderMarkdown } from "../utils/markdown.server";
import { openForReading, sealOptional, sealText, UNREADABLE_TEXT } from "../utils/private-text.server";
import { addDays, localDateTime, type LocalDate } from "../utils/sobriety";
import { notFound, RecoveryRuleError } from "./recovery-trackers.server";

export { CHECKIN_NOTE_MAX, JOURNAL_MAX } from "../utils/recovery-limits";
export const JOURNAL_PAGE_SIZE = 10;

export interface CheckinInput {
  mood: number;
  cravings: number;
  sleepHours: number | null;
  wentToMeeting: boolean;
  note: string;
}

export interface Checkin extends CheckinInput {
  day: LocalDate;
  updatedAt: string;
}

/** Saves today's check-in (the member's day). A second one the same day updates the first. */
export async function saveCheckin(db: Kysely<Database>, userId: string, input: CheckinInput, timeZone: string, instant = clockNow()): Promise<LocalDate> {
  const day = localDateTime(instant, timeZone).date;
  const iso = instant.toISOString();
  const values = {
    mood: input.mood,
    cravings: input.cravings,
    sleep_tenths: input.sleepHours === null ? null : Math.round(input.sleepHours * 10),
    went_to_meeting: input.wentToMeeting ? 1 : 0,
    note_enc: sealOptional(input.note, userId),
    updated_at: iso,
  };
  await db
    .insertInto("recovery_checkins")
    .values({ user_id: userId, day, created_at: iso, ...values })
    .onConflict((oc) => oc.columns(["user_id", "day"]).doUpdateSet(values))
    .execute();
  return day;
}

type CheckinRow = { day: string; mood: number; cravings: number; sleep_tenths: number | null; went_to_meeting: number; note_enc: string | null; updated_at: string };

function toCheckin(row: CheckinRow, userId: string): Checkin {
  return {
    day: row.day,
    mood: row.mood,
    cravings: row.cravings,
    sleepHours: row.sleep_tenths === null ? null : row.sleep_tenths / 10,
    wentToMeeting: row.went_to_meeting === 1,
    note: openForReading(row.note_enc, userId),
    updatedAt: row.updated_at,
  };
}

const CHECKIN_COLUMNS = ["day", "mood", "cravings", "sleep_tenths", "went_to_meeting", "note_enc", "updated_at"] as const;

/** The member's check-ins of the last `days` days up to `today` (at most 366: one index range). */
export async function listCheckins(db: Kysely<Database>, userId: string, today: LocalDate, days: number): Promise<Checkin[]> {
  const span = Math.min(366, Math.max(1, days));
  const rows = await db
    .selectFrom("recovery_checkins")
    .select(CHECKIN_COLUMNS)
    .where("user_id", "=", userId)
    .where("day", ">", addDays(today, -span))
    .where("day", "<=", today)
    .orderBy("day")
    .execute();
  return rows.map((r) => toCheckin(r, userId));
}

/** Every check-in of the member, oldest first (for the export: one a day at most). */
export async function listAllCheckins(db: Kysely<Database>, userId: string): Promise<Checkin[]> {
  const rows = await db.selectFrom("recovery_checkins").select(CHECKIN_COLUMNS).where("user_id", "=", userId).orderBy("day").execute();
  return rows.map((r) => toCheckin(r, userId));
}

export async function getCheckin(db: Kysely<Database>, userId: string, day: LocalDate): Promise<Checkin | null> {
  const row = await db.selectFrom("recovery_checkins").select(CHECKIN_COLUMNS).where("user_id", "=", userId).where("day", "=", day).executeTakeFirst();
  return row ? toCheckin(row, userId) : null;
}

// ---------------------------------------------------------------------------------------------
// Journal

export interface JournalEntry {
  id: number;
  date: LocalDate;
  source: string;
  html: string;
  updatedAt: string;
}

function sealEntry(source: string, userId: string): string {
  return sealText(JSON.stringify({ source, html: renderMarkdown(source) }), userId);
}

function openEntry(row: { id: number; entry_date: string; body_enc: string; updated_at: string }, userId: string): JournalEntry {
  const opened = openForReading(row.body_enc, userId);
  const body = opened === UNREADABLE_TEXT ? { source: "", html: `<p>${UNREADABLE_TEXT}</p>` } : (JSON.parse(opened) as { source: string; html: string });
  return { id: row.id, date: row.entry_date, source: body.source, html: body.html, updatedAt: row.updated_at };
}

function assertEntryDate(date: LocalDate, timeZone: string, instant: Date) {
  const today = localDateTime(instant, timeZone).date;
  if (date > today) throw new RecoveryRuleError(`A journal entry can't be dated in the future. Today is ${today} where you are.`, "date");
}

export async function createJournalEntry(db: Kysely<Database>, userId: string, input: { date: LocalDate; body: string }, timeZone: string, instant = clockNow()): Promise<number> {
  assertEntryDate(input.date, timeZone, instant);
  const iso = instant.toISOString();
  const row = await db
    .insertInto("recovery_journal_entries")
    .values({ user_id: userId, entry_date: input.date, body_enc: sealEntry(input.body, userId), created_at: iso, updated_at: iso })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

function parseId(id: number | string): number | null {
  const n = typeof id === "number" ? id : /^\d{1,12}$/.test(id) ? Number(id) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export async function getJournalEntry(db: Kysely<Database>, userId: string, entryId: number | string): Promise<JournalEntry | null> {
  const id = parseId(entryId);
  if (id === null) return null;
  const row = await db
    .selectFrom("recovery_journal_entries")
    .select(["id", "entry_date", "body_enc", "updated_at"])
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row ? openEntry(row, userId) : null;
}

export async function updateJournalEntry(
  db: Kysely<Database>,
  userId: string,
  entryId: number | string,
  input: { date: LocalDate; body: string },
  timeZone: string,
  instant = clockNow(),
): Promise<void> {
  const id = parseId(entryId);
  if (id === null) throw notFound();
  assertEntryDate(input.date, timeZone, instant);
  const result = await db
    .updateTable("recovery_journal_entries")
    .set({ entry_date: input.date, body_enc: sealEntry(input.body, userId), updated_at: instant.toISOString() })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound();
}

export async function deleteJournalEntry(db: Kysely<Database>, userId: string, entryId: number | string): Promise<void> {
  const id = parseId(entryId);
  if (id === null) throw notFound();
  const result = await db.deleteFrom("recovery_journal_entries").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound();
}

/** Newest first, keyset-paginated on (entry_date, id). */
export async function listJournalEntries(db: Kysely<Database>, userId: string, after?: { date: string; id: number }, limit = JOURNAL_PAGE_SIZE) {
  let query = db
    .selectFrom("recovery_journal_entries")
    .select(["id", "entry_date", "body_enc", "updated_at"])
    .where("user_id", "=", userId)
    .orderBy("entry_date", "desc")
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (after) query = query.where((eb) => eb(eb.refTuple("entry_date", "id"), "<", eb.tuple(after.date, after.id)));
  const rows = await query.execute();
  const page = rows.slice(0, limit).map((r) => openEntry(r, userId));
  const last = page[page.length - 1];
  return { entries: page, next: rows.length > limit && last ? { date: last.date, id: last.id } : null };
}
