/**
 * Day counts, streaks and milestones: pure calendar arithmetic, shared by the server and pages.
 *
 * - Everything is counted in calendar dates of the member's own time zone (`YYYY-MM-DD`): a day
 *   turns over at the member's midnight (or at the start's time of day, when the start has one),
 *   never after a fixed 24 hours, so daylight-saving days of 23 or 25 hours count as one day.
 * - A tracker's history is its start date and its slips. A slip closes a streak on its date and the
 *   next streak starts that same day: nothing is lost, every streak stays in the history.
 * - Milestones up to 90 days count days; longer ones count calendar months (31 August + 6 months is
 *   the last day of February; 29 February + 1 year is 28 February).
 */

export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function isLocalTime(value: string): boolean {
  return TIME_RE.test(value);
}

function parts(date: LocalDate): [number, number, number] {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`Not a calendar date: ${date}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function fromUtcDays(days: number): LocalDate {
  const d = new Date(days * 86_400_000);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function utcDays(date: LocalDate): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return utcDays(to) - utcDays(from);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcDays(utcDays(date) + days);
}

/** Calendar months later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and time (`YYYY-MM-DD`, `HH:MM`) of an instant in a time zone. */
export function localDateTime(instant: Date, timeZone: string): { date: LocalDate; time: string } {
  let f = zoneFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    if (zoneFormatters.size > 500) zoneFormatters.clear();
    zoneFormatters.set(timeZone, f);
  }
  const values: Record<string, string> = {};
  for (const p of f.formatToParts(instant)) values[p.type] = p.value;
  return { date: `${values.year}-${values.month}-${values.day}`, time: `${values.hour === "24" ? "00" : values.hour}:${values.minute}` };
}

/** The member's calendar day at this instant. */
export function localToday(instant: Date, timeZone: string): LocalDate {
  return localDateTime(instant, timeZone).date;
}

/** Years, months and days from one date to a later one, by the calendar. */
export function calendarSpan(from: LocalDate, to: LocalDate): { years: number; months: number; days: number } {
  if (to < from) return { years: 0, months: 0, days: 0 };
  const [fy, fm] = parts(from);
  const [ty, tm] = parts(to);
  let months = (ty - fy) * 12 + (tm - fm);
  if (addMonths(from, months) > to) months -= 1;
  const days = daysBetween(addMonths(from, months), to);
  return { years: Math.floor(months / 12), months: months % 12, days };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function formatSpan(span: { years: number; months: number; days: number }): string {
  const pieces = [] as string[];
  if (span.years) pieces.push(plural(span.years, "year"));
  if (span.months) pieces.push(plural(span.months, "month"));
  if (span.days || pieces.length === 0) pieces.push(plural(span.days, "day"));
  return pieces.join(", ");
}

// ---------------------------------------------------------------------------------------------
// Milestones

/** The colours chips come in (names used in the milestone settings). */
export const CHIP_COLORS = {
  white: { fill: "#f8f7f2", ring: "#8a8577", ink: "#2f2c25" },
  orange: { fill: "#f08a24", ring: "#a9560b", ink: "#2b1600" },
  green: { fill: "#2f8f5b", ring: "#1b5c39", ink: "#ffffff" },
  red: { fill: "#c6373c", ring: "#80191d", ink: "#ffffff" },
  blue: { fill: "#2f64b5", ring: "#193e78", ink: "#ffffff" },
  yellow: { fill: "#f4d03f", ring: "#a98a0b", ink: "#2b2300" },
  glow: { fill: "#d8f5a2", ring: "#7fa83a", ink: "#1f2e05" },
  grey: { fill: "#8d939b", ring: "#555b63", ink: "#111418" },
  black: { fill: "#23252a", ring: "#000000", ink: "#ffffff" },
  purple: { fill: "#6d4bb3", ring: "#432a78", ink: "#ffffff" },
  teal: { fill: "#1f8a8a", ring: "#0f5656", ink: "#ffffff" },
  sky: { fill: "#8cc8ef", ring: "#3f88b8", ink: "#0c2436" },
  bronze: { fill: "#b07a3f", ring: "#6e4718", ink: "#1c0f00" },
  silver: { fill: "#c9ced6", ring: "#7c838e", ink: "#1d2127" },
  gold: { fill: "#e2b33c", ring: "#94700f", ink: "#2a1f00" },
} as const;

export type ChipColor = keyof typeof CHIP_COLORS;

export function isChipColor(value: string): value is ChipColor {
  return Object.prototype.hasOwnProperty.call(CHIP_COLORS, value);
}

export type MilestoneUnit = "days" | "months";

/** One milestone of a set: a length in days (up to 90) or calendar months, and its chip colour. */
export interface MilestoneSpec {
  amount: number;
  unit: MilestoneUnit;
  color: ChipColor;
}

export interface MilestoneSet {
  /** "default", "na" or "custom" (what the admin chose). */
  preset: "default" | "na" | "custom";
  milestones: MilestoneSpec[];
  /** After the last one, a chip every year in this colour (null: no yearly chips). */
  yearlyColor: ChipColor | null;
}

export const DEFAULT_MILESTONES: MilestoneSet = {
  preset: "default",
  milestones: [
    { amount: 1, unit: "days", color: "white" },
    { amount: 7, unit: "days", color: "sky" },
    { amount: 14, unit: "days", color: "teal" },
    { amount: 30, unit: "days", color: "red" },
    { amount: 60, unit: "days", color: "gold" },
    { amount: 90, unit: "days", color: "green" },
    { amount: 6, unit: "months", color: "blue" },
    { amount: 9, unit: "months", color: "purple" },
    { amount: 12, unit: "months", color: "bronze" },
    { amount: 18, unit: "months", color: "silver" },
  ],
  yearlyColor: "bronze",
};

export const NA_KEY_TAGS: MilestoneSet = {
  preset: "na",
  milestones: [
    { amount: 1, unit: "days", color: "white" },
    { amount: 30, unit: "days", color: "orange" },
    { amount: 60, unit: "days", color: "green" },
    { amount: 90, unit: "days", color: "red" },
    { amount: 6, unit: "months", color: "blue" },
    { amount: 9, unit: "months", color: "yellow" },
    { amount: 12, unit: "months", color: "glow" },
    { amount: 18, unit: "months", color: "grey" },
  ],
  yearlyColor: "black",
};

export function milestoneLabel(spec: Pick<MilestoneSpec, "amount" | "unit">, preset: MilestoneSet["preset"] = "default"): string {
  if (spec.unit === "days") {
    if (spec.amount === 1) return preset === "na" ? "1 day" : "24 hours";
    if (spec.amount === 7) return "1 week";
    if (spec.amount === 14) return "2 weeks";
    if (spec.amount % 7 === 0 && spec.amount < 30) return `${spec.amount / 7} weeks`;
    return plural(spec.amount, "day");
  }
  if (spec.amount % 12 === 0) return plural(spec.amount / 12, "year");
  return plural(spec.amount, "month");
}

/** A milestone placed on a streak: when it falls and how many days in that is. */
export interface Milestone {
  label: string;
  color: ChipColor;
  /** The date it is reached. */
  date: LocalDate;
  /** Days from the streak's start to that date. */
  days: number;
}

/** The set's milestones for a streak that started on `start`, in order, up to (and one past) `until`. */
export function milestonesFor(set: MilestoneSet, start: LocalDate, until: LocalDate): Milestone[] {
  const placed: Milestone[] = [];
  const seen = new Set<number>();
  const place = (spec: MilestoneSpec) => {
    const date = spec.unit === "days" ? addDays(start, spec.amount) : addMonths(start, spec.amount);
    const days = daysBetween(start, date);
    if (seen.has(days)) return;
    seen.add(days);
    placed.push({ label: milestoneLabel(spec, set.preset), color: spec.color, date, days });
  };
  const specs = [...set.milestones].sort((a, b) => approxDays(a) - approxDays(b));
  for (const spec of specs) place(spec);
  if (set.yearlyColor) {
    const lastMonths = Math.max(0, ...specs.map((s) => (s.unit === "months" ? s.amount : Math.ceil(s.amount / 30))));
    let years = Math.floor(lastMonths / 12) + 1;
    // Yearly chips: enough to pass `until`, plus the next one to aim for.
    while (years <= 200) {
      const spec: MilestoneSpec = { amount: years * 12, unit: "months", color: set.yearlyColor };
      place(spec);
      if (addMonths(start, years * 12) > until) break;
      years += 1;
    }
  }
  return placed.sort((a, b) => a.days - b.days);
}

function approxDays(spec: MilestoneSpec): number {
  return spec.unit === "days" ? spec.amount : spec.amount * 30.44;
}

// ---------------------------------------------------------------------------------------------
// Streaks

export interface Streak {
  start: LocalDate;
  /** The slip that ended it; null for the current streak. */
  end: LocalDate | null;
  days: number;
}

export interface TrackerHistory {
  startDate: LocalDate;
  startTime: string | null;
  /** Slip dates, any order. */
  slips: LocalDate[];
}

/**
 * The member's "today" for counting: their calendar day, or the day before while the wall clock is
 * still short of the start's time of day (a start at 21:30 completes day 1 at 21:30 the next day).
 */
export function countingDay(history: Pick<TrackerHistory, "startTime" | "slips">, instant: Date, timeZone: string): LocalDate {
  const { date, time } = localDateTime(instant, timeZone);
  if (history.startTime && history.slips.length === 0 && time < history.startTime) return addDays(date, -1);
  return date;
}

export function streaksOf(history: TrackerHistory, today: LocalDate): Streak[] {
  const slips = [...new Set(history.slips)].sort();
  const streaks: Streak[] = [];
  let start = history.startDate;
  for (const slip of slips) {
    streaks.push({ start, end: slip, days: Math.max(0, daysBetween(start, slip)) });
    start = slip;
  }
  streaks.push({ start, end: null, days: Math.max(0, daysBetween(start, today)) });
  return streaks;
}

export interface TrackerSummary {
  today: LocalDate;
  current: Streak;
  /** Current streak as years, months and days. */
  span: { years: number; months: number; days: number };
  streaks: Streak[];
  longestDays: number;
  totalDays: number;
  /** Milestones of the current streak reached so far (in order). */
  reached: Milestone[];
  next: (Milestone & { daysToGo: number; progress: number }) | null;
}

export function summarize(history: TrackerHistory, set: MilestoneSet, instant: Date, timeZone: string): TrackerSummary {
  const today = countingDay(history, instant, timeZone);
  const streaks = streaksOf(history, today);
  const current = streaks[streaks.length - 1]!;
  const all = milestonesFor(set, current.start, today);
  const reached = all.filter((m) => m.days <= current.days);
  const upcoming = all.find((m) => m.days > current.days) ?? null;
  const previousDays = reached.length ? reached[reached.length - 1]!.days : 0;
  const next = upcoming
    ? {
        ...upcoming,
        daysToGo: upcoming.days - current.days,
        progress: Math.min(1, Math.max(0, (current.days - previousDays) / (upcoming.days - previousDays))),
      }
    : null;
  return {
    today,
    current,
    span: calendarSpan(current.start, addDays(current.start, current.days)),
    streaks,
    longestDays: Math.max(...streaks.map((s) => s.days)),
    totalDays: streaks.reduce((sum, s) => sum + s.days, 0),
    reached,
    next,
  };
}
