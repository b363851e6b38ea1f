/**
 * The meeting directory: the dates of the meetings a viewer may see, from those in progress
 * (until they end) through the next 7 days, in the viewer's zone, filtered and paged — read from
 * `meeting_dates` (see meeting-dates.server.ts) in start order, one page at a time, so the work of
 * a request does not grow with the number of meetings. Filters follow TSML UI: "in person" and
 * "online" both include hybrid meetings; a region matches itself and its sub-regions; "near me"
 * orders by distance from coordinates the browser gave (never a third-party lookup).
 */
import { sql, type Expression, type Kysely, type SqlBool } from "kysely";
import type { Database } from "../../db/schema";
import type { Attendance } from "../../db/schema/meetings";
import { addDays, toLocal, weekdayOf, zonedToUtc, type TimeOfDay } from "../utils/meeting-time";
import { effectiveAttendance, parseTypes } from "../utils/meeting-labels";
import { now as clockNow } from "../utils/clock.server";
import type { Viewer } from "./groups.server";
import { groupReadableSql } from "../policy";
import { ensureMeetingDates, meetingsGeneration } from "./meeting-dates.server";
import type { OccurrenceView } from "./meeting-occurrences.server";

const MINUTE = 60_000;
const DAY = 86_400_000;
export const SOON_MINUTES = 60;
export const DIRECTORY_DAYS = 7;
/** "Near me" looks this far (km) around the given point. */
export const NEAR_RADIUS_KM = 50;

export interface DirectoryFilters {
  /** Weekday in the viewer's zone, 0 = Sunday: the next such day (today when it is today). */
  day?: number;
  timeOfDay?: TimeOfDay;
  type?: string;
  group?: string;
  /** As TSML UI: "in_person" and "online" both include hybrid; "hybrid" is hybrid only. */
  attendance?: "in_person" | "online" | "hybrid";
  /** A region; its sub-regions ("Chicago > North Side" under "Chicago") match too. */
  region?: string;
  q?: string;
  /** Order by distance from this point (from the browser), meetings with a specific place only. */
  near?: { lat: number; lng: number };
}

export interface DirectoryEntry {
  meetingId: number;
  slug: string;
  name: string;
  groupSlug: string;
  groupName: string;
  attendance: Attendance | "closed";
  types: string[];
  locationName: string;
  region: string;
  timeZone: string;
  occurrence: OccurrenceView;
  /** The viewer's local date and time of the start. */
  localDate: string;
  localTime: string;
  state: "in_progress" | "soon" | "later";
  /** Whole minutes since it started (in progress only). */
  startedMinutesAgo: number | null;
  /** From the "near me" point, when one was given. */
  distanceKm: number | null;
  going: boolean;
}

const TIME_RANGES: Record<TimeOfDay, [string, string, number]> = {
  // start, end, and whether the end is on the next day
  morning: ["04:00", "12:00", 0],
  midday: ["12:00", "17:00", 0],
  evening: ["17:00", "21:00", 0],
  night: ["21:00", "04:00", 1],
};

/** The start-time ranges [from, to) (ms) the filters ask for, in the viewer's zone. */
export function startRanges(filters: Pick<DirectoryFilters, "day" | "timeOfDay">, zone: string, nowMs: number, maxMinutes: number): [number, number][] {
  const earliest = nowMs - maxMinutes * MINUTE;
  const today = toLocal(nowMs, zone).date;
  let ranges: [number, number][];
  if (filters.day !== undefined) {
    const date = addDays(today, (filters.day - weekdayOf(today) + 7) % 7);
    const start = zonedToUtc(date, "00:00", zone).getTime();
    ranges = [[date === today ? Math.min(start, earliest) : start, zonedToUtc(addDays(date, 1), "00:00", zone).getTime()]];
  } else {
    ranges = [[earliest, nowMs + DIRECTORY_DAYS * DAY]];
  }
  if (filters.timeOfDay) {
    const [from, to, nextDay] = TIME_RANGES[filters.timeOfDay];
    const split: [number, number][] = [];
    for (const [a, b] of ranges) {
      const first = addDays(toLocal(a, zone).date, -1);
      const last = toLocal(b, zone).date;
      for (let date = first; date <= last; date = addDays(date, 1)) {
        const s = Math.max(a, zonedToUtc(date, from, zone).getTime());
        const e = Math.min(b, zonedToUtc(nextDay ? addDays(date, 1) : date, to, zone).getTime());
        if (s < e) split.push([s, e]);
      }
    }
    ranges = split;
  }
  return ranges.map(([a, b]) => [Math.max(a, earliest), b] as [number, number]).filter(([a, b]) => a < b);
}

/** Up to this many meetings matching the filters, a page reads only their dates (see listDirectory). */
const CANDIDATES = 400;

/** The filters on the meeting and its group (`meetings`, `groups` in the query), as conditions. */
function meetingConditions(filters: DirectoryFilters): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (filters.group) out.push(sql<SqlBool>`groups.slug = ${filters.group}`);
  if (filters.type) out.push(sql<SqlBool>`(',' || meetings.types || ',') like ${`%,${filters.type},%`}`);
  if (filters.attendance === "in_person") out.push(sql<SqlBool>`meetings.attendance in (${"in_person"}, ${"hybrid"}) and meetings.status <> ${"temporarily_closed"}`);
  if (filters.attendance === "online") out.push(sql<SqlBool>`meetings.attendance in (${"online"}, ${"hybrid"})`);
  if (filters.attendance === "hybrid") out.push(sql<SqlBool>`meetings.attendance = ${"hybrid"} and meetings.status <> ${"temporarily_closed"}`);
  if (filters.region) {
    const region = filters.region;
    out.push(sql<SqlBool>`(meetings.region = ${region} or meetings.region like ${`${region.replace(/[\\%_]/g, (c) => `\\${c}`)} > %`})`);
  }
  if (filters.q) {
    const pattern = likePattern(filters.q);
    const like = (column: string) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    out.push(sql<SqlBool>`(${sql.join(["meetings.name", "groups.name", "meetings.location_name", "meetings.address", "meetings.region", "meetings.notes"].map(like), sql` or `)})`);
  }
  return out;
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Kilometres between two points (haversine). */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * One page of the directory for this viewer: in progress first (by start), then by start; or by
 * distance with `near`. Queries: the horizon's state, the page of dates (with meeting, group and
 * the date's exception joined), and the viewer's RSVPs among them.
 */
export async function listDirectory(
  db: Kysely<Database>,
  viewer: Viewer,
  viewerZone: string,
  filters: DirectoryFilters,
  now = clockNow(),
  slice: { offset: number; limit: number } = { offset: 0, limit: 500 },
  candidates = CANDIDATES,
): Promise<{ entries: DirectoryEntry[]; more: boolean }> {
  const horizon = await ensureMeetingDates(db, now);
  const nowMs = now.getTime();
  const ranges = startRanges(filters, viewerZone, nowMs, horizon.maxMinutes);
  if (ranges.length === 0) return { entries: [], more: false };
  // CROSS JOIN keeps SQLite walking meeting_dates in start order (its index) and stopping after a
  // page, instead of starting from a selective-looking group index and sorting every date of the
  // window; PostgreSQL reads it as the inner join it is.
  let q = db
    .selectFrom("meeting_dates as d")
    .crossJoin("meetings")
    .crossJoin("groups")
    .whereRef("meetings.id", "=", "d.meeting_id")
    .whereRef("groups.id", "=", "meetings.group_id")
    .leftJoin("meeting_occurrences as o", (join) => join.onRef("o.meeting_id", "=", "d.meeting_id").onRef("o.occurrence_date", "=", "d.occurrence_date"))
    .select([
      "d.meeting_id",
      "d.occurrence_date",
      "d.starts_at",
      "d.ends_at",
      "meetings.slug",
      "meetings.name",
      "meetings.time_zone",
      "meetings.attendance",
      "meetings.status",
      "meetings.location_name",
      "meetings.region",
      "meetings.types",
      "meetings.latitude",
      "meetings.longitude",
      "groups.slug as group_slug",
      "groups.name as group_name",
      "o.cancelled",
      "o.cancel_reason",
      "o.note",
    ])
    .where("d.ends_at", ">", now.toISOString())
    .where("meetings.archived_at", "is", null);
  const iso = (ms: number) => new Date(ms).toISOString();
  if (ranges.length === 1) {
    q = q.where("d.starts_at", ">=", iso(ranges[0]![0])).where("d.starts_at", "<", iso(ranges[0]![1]));
  } else {
    q = q
      .where("d.starts_at", ">=", iso(ranges[0]![0]))
      .where("d.starts_at", "<", iso(ranges[ranges.length - 1]![1]))
      .where((eb) => eb.or(ranges.map(([a, b]) => eb.and([eb("d.starts_at", ">=", iso(a)), eb("d.starts_at", "<", iso(b))]))));
  }
  const readable = groupReadableSql(viewer, { id: "meetings.group_id", visibility: "groups.visibility" });
  const conditions = meetingConditions(filters);
  // Filters that may match few meetings: their meetings first (one pass over the meetings), then
  // only those meetings' dates — instead of walking every date of the week to find a page of them.
  // When many match, the walk in start order finds a page quickly, and it is used as is.
  let ids: number[] | null = null;
  if (conditions.length > 0 && !filters.near) {
    let m = db.selectFrom("meetings").innerJoin("groups", "groups.id", "meetings.group_id").select("meetings.id").where("meetings.archived_at", "is", null).where(readable);
    for (const c of conditions) m = m.where(c);
    const matching = await m.limit(candidates + 1).execute();
    if (matching.length <= candidates) ids = matching.map((r) => r.id);
  }
  q = q.where(readable);
  if (ids !== null) {
    if (ids.length === 0) return { entries: [], more: false };
    q = q.where("d.meeting_id", "in", ids);
  } else {
    for (const c of conditions) q = q.where(c);
  }
  const near = filters.near;
  if (near) {
    const dLat = NEAR_RADIUS_KM / 111.2;
    const cos = Math.max(0.01, Math.cos((near.lat * Math.PI) / 180));
    const dLng = Math.min(180, dLat / cos);
    q = q
      .where("meetings.latitude", "is not", null)
      .where("meetings.latitude", ">=", near.lat - dLat)
      .where("meetings.latitude", "<=", near.lat + dLat)
      .where("meetings.longitude", ">=", near.lng - dLng)
      .where("meetings.longitude", "<=", near.lng + dLng)
      .where("meetings.attendance", "in", ["in_person", "hybrid"])
      .orderBy(sql`(meetings.latitude - ${near.lat}) * (meetings.latitude - ${near.lat}) + (meetings.longitude - ${near.lng}) * (meetings.longitude - ${near.lng}) * ${cos * cos}`);
  }
  const rows = await q
    .orderBy("d.starts_at")
    .orderBy("d.meeting_id")
    .limit(slice.limit + 1)
    .offset(slice.offset)
    .execute();
  const more = rows.length > slice.limit;
  const page = rows.slice(0, slice.limit);
  const going = new Set<string>();
  if (viewer && page.length > 0) {
    const ids = [...new Set(page.map((r) => r.meeting_id))];
    const rsvps = await db
      .selectFrom("meeting_rsvps")
      .select(["meeting_id", "occurrence_date"])
      .where("user_id", "=", viewer.id)
      .where("meeting_id", "in", ids)
      .where("starts_at", ">=", page[0]!.starts_at < page[page.length - 1]!.starts_at ? page[0]!.starts_at : page[page.length - 1]!.starts_at)
      .execute();
    for (const r of rsvps) going.add(`${r.meeting_id}|${r.occurrence_date}`);
  }
  const entries = page.map((r): DirectoryEntry => {
    const startMs = Date.parse(r.starts_at);
    const cancelled = !!r.cancelled;
    const inProgress = !cancelled && startMs <= nowMs;
    const soon = !cancelled && !inProgress && startMs - nowMs <= SOON_MINUTES * MINUTE;
    const local = toLocal(startMs, viewerZone);
    return {
      meetingId: r.meeting_id,
      slug: r.slug,
      name: r.name,
      groupSlug: r.group_slug,
      groupName: r.group_name,
      attendance: effectiveAttendance(r.attendance, r.status),
      types: parseTypes(r.types),
      locationName: r.location_name,
      region: r.region,
      timeZone: r.time_zone,
      occurrence: { date: r.occurrence_date, startIso: r.starts_at, endIso: r.ends_at, cancelled, cancelReason: r.cancel_reason ?? "", note: r.note ?? "" },
      localDate: local.date,
      localTime: local.time,
      state: inProgress ? "in_progress" : soon ? "soon" : "later",
      startedMinutesAgo: inProgress ? Math.floor((nowMs - startMs) / MINUTE) : null,
      distanceKm: near && r.latitude !== null && r.longitude !== null ? distanceKm(near, { lat: r.latitude, lng: r.longitude }) : null,
      going: going.has(`${r.meeting_id}|${r.occurrence_date}`),
    };
  });
  if (near) entries.sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0) || a.occurrence.startIso.localeCompare(b.occurrence.startIso));
  return { entries, more };
}

// ---------------------------------------------------------------- the filters' choices

/** Types and regions per group, remembered for a minute (they only fill the filters' lists). */
let groupFacets: { at: number; generation: number; db: Kysely<Database>; byGroup: Map<number, { types: Set<string>; regions: Set<string> }> } | null = null;
const FACETS_MS = 60_000;

async function facets(db: Kysely<Database>) {
  const generation = meetingsGeneration();
  if (groupFacets && groupFacets.db === db && groupFacets.generation === generation && Date.now() - groupFacets.at < FACETS_MS) return groupFacets.byGroup;
  const rows = await db.selectFrom("meetings").select(["group_id", "types", "region"]).distinct().where("archived_at", "is", null).execute();
  const byGroup = new Map<number, { types: Set<string>; regions: Set<string> }>();
  for (const r of rows) {
    let f = byGroup.get(r.group_id);
    if (!f) byGroup.set(r.group_id, (f = { types: new Set(), regions: new Set() }));
    for (const t of parseTypes(r.types)) f.types.add(t);
    if (r.region) {
      // "A > B > C" offers "A", "A > B" and "A > B > C".
      const parts = r.region.split(" > ");
      for (let i = 1; i <= parts.length; i++) f.regions.add(parts.slice(0, i).join(" > "));
    }
  }
  groupFacets = { at: Date.now(), generation, db, byGroup };
  return byGroup;
}

/** The groups, types and regions the viewer's filters offer: those of meetings they may see. Two queries at most. */
export async function directoryChoices(db: Kysely<Database>, viewer: Viewer) {
  let q = db
    .selectFrom("groups")
    .select(["groups.id", "groups.slug", "groups.name"])
    .where((eb) => eb.exists(eb.selectFrom("meetings").select("meetings.id").whereRef("meetings.group_id", "=", "groups.id").where("meetings.archived_at", "is", null)));
  q = q.where(groupReadableSql(viewer, { id: "groups.id", visibility: "groups.visibility" }));
  const [groups, byGroup] = await Promise.all([q.orderBy("groups.name").execute(), facets(db)]);
  const types = new Set<string>();
  const regions = new Set<string>();
  for (const g of groups) {
    const f = byGroup.get(g.id);
    f?.types.forEach((t) => types.add(t));
    f?.regions.forEach((r) => regions.add(r));
  }
  return { groups: groups.map((g) => ({ slug: g.slug, name: g.name })), types: [...types].sort(), regions: [...regions].sort((a, b) => a.localeCompare(b)) };
}
