/**
 * Meeting time, done right: a meeting is stored as local wall-clock time plus an IANA zone, and
 * its occurrences are computed from that, so a Tuesday 19:00 America/New_York meeting is at 19:00
 * local on both sides of a daylight-saving change. Pure functions (no clock, no database), safe in
 * the browser bundle.
 *
 * Conventions:
 * - a local date is "YYYY-MM-DD", a local time "HH:MM" (24-hour), a weekday 0 = Sunday … 6 = Saturday;
 * - a wall-clock time that does not exist (the hour skipped when clocks go forward) is read with
 *   the offset in force before the gap (RFC 5545 §3.3.5), so 02:30 on a spring-forward night is 03:30;
 * - a time that happens twice (clocks go back) is its first happening;
 * - an end time at or before the start time means the meeting ends on the next day (23:30–00:30).
 */

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
export const WEEKDAY_SHORT = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
export const ICAL_WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"] as const;

const MINUTE = 60_000;
const DAY = 86_400_000;

export const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Minutes after midnight of an "HH:MM" time; null when it is not a valid 24-hour time ("25:00"). */
export function parseTime(time: string): number | null {
  const m = TIME_PATTERN.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export function formatHm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

/** A real calendar date? ("2026-02-30" is not.) */
export function isValidDate(date: string): boolean {
  const m = DATE_PATTERN.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function dateParts(date: string): [number, number, number] {
  const m = DATE_PATTERN.exec(date);
  if (!m) throw new Error(`Not a date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

// Local dates are converted to and from day numbers (days since 1970-01-01) many thousand times
// per directory page; both directions are remembered.
const dayNumbers = new Map<string, number>();
const dayStrings = new Map<number, string>();

function dayNumber(date: string): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    const [y, mo, d] = dateParts(date);
    n = Math.round(Date.UTC(y, mo - 1, d) / DAY);
    if (dayNumbers.size > 100_000) dayNumbers.clear();
    dayNumbers.set(date, n);
  }
  return n;
}

function dayString(n: number): string {
  let s = dayStrings.get(n);
  if (s === undefined) {
    s = new Date(n * DAY).toISOString().slice(0, 10);
    if (dayStrings.size > 100_000) dayStrings.clear();
    dayStrings.set(n, s);
  }
  return s;
}

export function addDays(date: string, days: number): string {
  return dayString(dayNumber(date) + days);
}

export function weekdayOf(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Whole days from `a` to `b` (both "YYYY-MM-DD"). */
export function daysBetween(a: string, b: string): number {
  const [y1, m1, d1] = dateParts(a);
  const [y2, m2, d2] = dateParts(b);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY);
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(zone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partFormatters.set(zone, f);
  }
  return f;
}

export interface LocalDateTime {
  /** "YYYY-MM-DD" */
  date: string;
  /** "HH:MM" */
  time: string;
  /** Minutes after local midnight. */
  minutes: number;
  weekday: number;
}

// Every UTC offset in use today is a whole number of quarter hours and changes on a quarter hour,
// so a zone's offset is constant within each 15-minute block of UTC time: asking Intl once per
// block and zone (and remembering it) makes the directory's thousands of occurrences cheap.
const BLOCK = 15 * MINUTE;
const offsetCache = new Map<string, Map<number, number>>();
let offsetCacheSize = 0;

function offsetOfBlock(block: number, zone: string): number {
  let zoneCache = offsetCache.get(zone);
  if (!zoneCache) {
    zoneCache = new Map();
    offsetCache.set(zone, zoneCache);
  }
  let offset = zoneCache.get(block);
  if (offset === undefined) {
    const ms = block * BLOCK;
    const parts: Record<string, number> = {};
    for (const p of partsFormatter(zone).formatToParts(new Date(ms))) {
      if (p.type !== "literal") parts[p.type] = Number(p.value);
    }
    const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour === 24 ? 0 : parts.hour!, parts.minute!, parts.second!);
    offset = Math.round((wall - ms) / MINUTE);
    if (++offsetCacheSize > 500_000) {
      offsetCache.clear();
      offsetCacheSize = 0;
    }
    zoneCache.set(block, offset);
  }
  return offset;
}

/** The zone's offset from UTC at an instant, in minutes (New York in winter: -300; Kolkata: 330). */
export function zoneOffsetMinutes(instantMs: number, zone: string): number {
  return offsetOfBlock(Math.floor(instantMs / BLOCK), zone);
}

function wallClockMs(ms: number, zone: string): number {
  return ms + zoneOffsetMinutes(ms, zone) * MINUTE;
}

/** The wall clock in `zone` at an instant. */
export function toLocal(instant: Date | string | number, zone: string): LocalDateTime {
  const ms = typeof instant === "number" ? instant : new Date(instant).getTime();
  const wall = wallClockMs(ms, zone);
  const day = Math.floor(wall / DAY);
  const minutes = Math.floor((wall - day * DAY) / MINUTE);
  return { date: dayString(day), time: formatHm(minutes), minutes, weekday: (((day + 4) % 7) + 7) % 7 };
}

/** The instant at which the wall clock in `zone` reads `date` `time` (see the gap and overlap rules above). */
export function zonedToUtc(date: string, time: string, zone: string): Date {
  const minutes = parseTime(time);
  if (minutes === null) throw new Error(`Not a time: ${time}`);
  const local = dayNumber(date) * DAY + minutes * MINUTE;
  const before = zoneOffsetMinutes(local - DAY / 2, zone);
  const after = zoneOffsetMinutes(local + DAY / 2, zone);
  // No change of offset within a day either side (nearly always): one answer.
  if (before === after) return new Date(local - before * MINUTE);
  const candidates = [...new Set([before, after])]
    .map((offset) => local - offset * MINUTE)
    .filter((t) => wallClockMs(t, zone) === local)
    .sort((a, b) => a - b);
  // Ambiguous: the first happening. Skipped: the offset before the gap.
  return new Date(candidates[0] ?? local - before * MINUTE);
}

export type ScheduleKind = "weekly" | "one_off";

/** What the occurrence computation needs of a meeting. */
export interface Schedule {
  kind: ScheduleKind;
  /** Weekly: the weekdays it meets (0 = Sunday). */
  days: number[];
  /** One-off: its local date. */
  date: string | null;
  startTime: string;
  endTime: string;
  timeZone: string;
}

export interface Occurrence {
  /** The meeting's local date of this occurrence: what cancellations, notes and RSVPs refer to. */
  date: string;
  start: Date;
  end: Date;
}

/** Minutes from start to end; an end at or before the start ends the next day. */
export function durationMinutes(startTime: string, endTime: string): number {
  const s = parseTime(startTime) ?? 0;
  const e = parseTime(endTime) ?? s + 60;
  return e > s ? e - s : e + 1440 - s;
}

/** The occurrence on one local date (whether or not the meeting meets that day). */
export function occurrenceOn(schedule: Schedule, date: string): Occurrence {
  const start = zonedToUtc(date, schedule.startTime, schedule.timeZone);
  const duration = durationMinutes(schedule.startTime, schedule.endTime);
  const startMs = start.getTime();
  const zone = schedule.timeZone;
  // The end is the end time on the wall clock: the length changes if the clocks change meanwhile.
  let end = new Date(startMs + duration * MINUTE);
  if (zoneOffsetMinutes(startMs, zone) !== zoneOffsetMinutes(end.getTime(), zone)) {
    const startMin = parseTime(schedule.startTime)!;
    const endDate = addDays(date, Math.floor((startMin + duration) / 1440));
    end = zonedToUtc(endDate, schedule.endTime, zone);
    if (end.getTime() <= startMs) end = new Date(startMs + duration * MINUTE);
  }
  return { date, start, end };
}

/** Does the meeting meet on this local date? */
export function meetsOn(schedule: Schedule, date: string): boolean {
  if (!isValidDate(date)) return false;
  return schedule.kind === "one_off" ? schedule.date === date : schedule.days.includes(weekdayOf(date));
}

/**
 * Every occurrence overlapping [from, to): started before `to` and ending after `from`, in order.
 * A meeting's local dates are walked from a day before `from` to a day after `to`, so meetings that
 * cross midnight or sit many hours from UTC are not missed.
 */
export function occurrencesBetween(schedule: Schedule, from: Date, to: Date): Occurrence[] {
  const result: Occurrence[] = [];
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (schedule.kind === "one_off") {
    if (!schedule.date) return result;
    const o = occurrenceOn(schedule, schedule.date);
    if (o.start.getTime() < toMs && o.end.getTime() > fromMs) result.push(o);
    return result;
  }
  if (schedule.days.length === 0) return result;
  const first = Math.floor(wallClockMs(fromMs, schedule.timeZone) / DAY) - 1;
  const last = Math.min(Math.floor(wallClockMs(toMs, schedule.timeZone) / DAY) + 1, first + 400);
  for (let day = first; day <= last; day++) {
    if (!schedule.days.includes((((day + 4) % 7) + 7) % 7)) continue;
    const o = occurrenceOn(schedule, dayString(day));
    if (o.start.getTime() < toMs && o.end.getTime() > fromMs) result.push(o);
  }
  return result;
}

/** The next `count` occurrences that have not yet ended at `at`. */
export function nextOccurrences(schedule: Schedule, at: Date, count: number): Occurrence[] {
  if (schedule.kind === "one_off") return occurrencesBetween(schedule, at, new Date(8.64e15));
  const result: Occurrence[] = [];
  let from = at;
  for (let i = 0; i < 20 && result.length < count; i++) {
    const to = new Date(from.getTime() + 14 * DAY);
    for (const o of occurrencesBetween(schedule, from, to)) {
      if (result.length < count && !result.some((r) => r.date === o.date)) result.push(o);
    }
    from = to;
  }
  return result;
}

export type TimeOfDay = "morning" | "midday" | "evening" | "night";
export const TIMES_OF_DAY: Record<TimeOfDay, string> = {
  morning: "Morning (4 am – noon)",
  midday: "Midday (noon – 5 pm)",
  evening: "Evening (5 pm – 9 pm)",
  night: "Night (9 pm – 4 am)",
};

/** Which part of the day a local time (minutes after midnight) falls in. */
export function timeOfDay(minutes: number): TimeOfDay {
  if (minutes >= 240 && minutes < 720) return "morning";
  if (minutes >= 720 && minutes < 1020) return "midday";
  if (minutes >= 1020 && minutes < 1260) return "evening";
  return "night";
}

/** "7:00 PM" from "19:00". */
export function formatClock(time: string): string {
  const minutes = parseTime(time) ?? 0;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
}

let localDateFormatter: Intl.DateTimeFormat | null = null;
const localDateTexts = new Map<string, string>();
/** "Tuesday, Dec 1" from a local date (formatter and texts kept: building a formatter costs more than a page row). */
export function formatLocalDate(date: string): string {
  let text = localDateTexts.get(date);
  if (text === undefined) {
    const [y, mo, d] = dateParts(date);
    localDateFormatter ??= new Intl.DateTimeFormat("en-US", { weekday: "long", month: "short", day: "numeric", timeZone: "UTC" });
    text = localDateFormatter.format(new Date(Date.UTC(y, mo - 1, d)));
    if (localDateTexts.size > 5_000) localDateTexts.clear();
    localDateTexts.set(date, text);
  }
  return text;
}

/** A zone's short name at an instant ("EST", "GMT+1"): shown next to times. */
export function zoneAbbreviation(instant: Date, zone: string): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" }).formatToParts(instant).find((p) => p.type === "timeZoneName");
  return part?.value ?? zone;
}

const timeFormatters = new Map<string, Intl.DateTimeFormat>();
/** "7:00 PM" for an instant in a zone. */
export function formatInstantTime(instant: string | Date, zone: string): string {
  let f = timeFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit" });
    timeFormatters.set(zone, f);
  }
  return f.format(typeof instant === "string" ? new Date(instant) : instant);
}

/** "7:00 PM – 8:00 PM" (with the end's weekday when it falls on the next day: "11:30 PM – 12:30 AM (Wed)"). */
export function formatInstantRange(startIso: string, endIso: string, zone: string): string {
  // From the zone's offset (cached per quarter hour) rather than Intl formatting: a directory page formats dozens.
  const s = toLocal(startIso, zone);
  const e = toLocal(endIso, zone);
  const next = e.date !== s.date ? ` (${WEEKDAY_SHORT[e.weekday]})` : "";
  return `${formatClock(s.time)} – ${formatClock(e.time)}${next}`;
}

/** "Every Tuesday and Thursday" / "Once, Saturday, Dec 12". */
export function describeSchedule(schedule: Schedule): string {
  if (schedule.kind === "one_off") return schedule.date ? `Once: ${formatLocalDate(schedule.date)}` : "Once";
  const names = schedule.days.map((d) => WEEKDAYS[d]);
  if (names.length === 7) return "Every day";
  const list = names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  return `Every ${list}`;
}
