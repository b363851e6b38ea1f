/**
 * iCalendar (RFC 5545) for meetings: a weekly meeting is one VEVENT with
 * `RRULE:FREQ=WEEKLY;BYDAY=…` and `DTSTART;TZID=…` on a matching weekday, cancelled dates as
 * EXDATE, a date's note as an event for that date alone (RECURRENCE-ID), online links as RFC 7986
 * CONFERENCE, a VTIMEZONE for every TZID (built from the runtime's own zone data), stable UIDs,
 * DTSTAMP, escaped text, lines folded at 75 octets, CRLF.
 */
import type { Meeting } from "./meetings.server";
import { addDays, meetsOn, occurrenceOn, toLocal, weekdayOf, ICAL_WEEKDAYS, zoneOffsetMinutes, zoneAbbreviation, type Schedule } from "../utils/meeting-time";
import { effectiveAttendance, parseTypes, typeName } from "../utils/meeting-labels";

const encoder = new TextEncoder();

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds a content line at 75 octets, never inside a UTF-8 character; continuation lines start with a space. */
export function foldLine(line: string): string {
  // eslint-disable-next-line no-control-regex -- ASCII: one octet per character, folded by slicing
  if (/^[\x00-\x7f]*$/.test(line)) {
    if (line.length <= 75) return line;
    const parts = [line.slice(0, 75)];
    for (let i = 75; i < line.length; i += 74) parts.push(line.slice(i, i + 74));
    return parts.join("\r\n ");
  }
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function localStamp(date: string, time: string): string {
  return `${date.replace(/-/g, "")}T${time.replace(":", "")}00`;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
}

/** Zone changes are months apart: stepping a day at a time cannot miss one. */
const STEP = 24 * 3_600_000;
const zoneCache = new Map<string, string[]>();

interface Transition {
  /** The instant of the change. */
  at: number;
  from: number;
  to: number;
  /** Wall-clock time just before the change, "YYYYMMDDTHHMMSS". */
  wall: string;
  name: string;
}

/** The zone's transitions in [start, end), each narrowed down to the minute. */
function transitions(zone: string, start: number, end: number): Transition[] {
  const list: Transition[] = [];
  let previous = zoneOffsetMinutes(start, zone);
  for (let t = start; t < end; t += STEP) {
    const next = zoneOffsetMinutes(t + STEP, zone);
    if (next === previous) continue;
    let lo = t;
    let hi = t + STEP;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (zoneOffsetMinutes(mid, zone) === previous) lo = mid;
      else hi = mid;
    }
    const wall = new Date(hi + previous * 60_000).toISOString().slice(0, 19).replace(/[-:]/g, "");
    list.push({ at: hi, from: previous, to: next, wall, name: zoneAbbreviation(new Date(hi), zone) });
    previous = next;
  }
  return list;
}

/** A transition as a yearly rule ("BYMONTH=3;BYDAY=2SU", the last Sunday as -1SU), with its wall time. */
function yearlyRule(t: Transition): string {
  const year = Number(t.wall.slice(0, 4));
  const month = Number(t.wall.slice(4, 6));
  const day = Number(t.wall.slice(6, 8));
  const weekday = ICAL_WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const nth = day > daysInMonth - 7 ? -1 : Math.ceil(day / 7);
  return `BYMONTH=${month};BYDAY=${nth}${weekday}|${t.wall.slice(8)}|${t.from}|${t.to}`;
}

function observance(t: Transition, rrule?: string): string[] {
  const kind = t.to > t.from ? "DAYLIGHT" : "STANDARD";
  return [
    `BEGIN:${kind}`,
    `DTSTART:${t.wall}`,
    ...(rrule ? [rrule] : []),
    `TZOFFSETFROM:${offsetText(t.from)}`,
    `TZOFFSETTO:${offsetText(t.to)}`,
    `TZNAME:${escapeText(t.name)}`,
    `END:${kind}`,
  ];
}

/**
 * A VTIMEZONE for `zone` whose observances are the zone's actual transitions from `fromYear` on
 * (found by stepping through the runtime's zone data), with the offset before the first as the
 * opening STANDARD observance. A weekly event repeats forever, so the zone's rule must too: when
 * the two years after `ruleYear` change on the same yearly rule (the second Sunday of March…), the
 * transitions are listed up to the first of them and the rule carries on from the second as
 * yearly RRULE observances (no date drifts an hour in 2037). A zone without such a rule gets its
 * transitions listed for forty years.
 */
export function vtimezone(zone: string, fromYear: number, ruleYear: number): string[] {
  const key = `${zone}|${fromYear}|${ruleYear}`;
  const cached = zoneCache.get(key);
  if (cached) return cached;
  const start = Date.UTC(fromYear, 0, 1);
  const initial = zoneOffsetMinutes(start, zone);
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`];
  lines.push(
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    `TZOFFSETFROM:${offsetText(initial)}`,
    `TZOFFSETTO:${offsetText(initial)}`,
    `TZNAME:${escapeText(zoneAbbreviation(new Date(start), zone))}`,
    "END:STANDARD",
  );
  const listed = transitions(zone, start, Date.UTC(ruleYear + 3, 0, 1));
  const inYear = (y: number) => listed.filter((t) => t.wall.startsWith(String(y)));
  const a = inYear(ruleYear + 1).map(yearlyRule);
  const b = inYear(ruleYear + 2);
  if (b.length > 0 && a.join() === b.map(yearlyRule).join()) {
    for (const t of listed) if (Number(t.wall.slice(0, 4)) <= ruleYear + 1) lines.push(...observance(t));
    for (const t of b) lines.push(...observance(t, `RRULE:FREQ=YEARLY;${yearlyRule(t).split("|")[0]}`));
  } else if (b.length === 0 && inYear(ruleYear + 1).length === 0) {
    // No changes any more: the last offset holds for good.
    for (const t of listed) lines.push(...observance(t));
  } else {
    for (const t of [...listed, ...transitions(zone, Date.UTC(ruleYear + 3, 0, 1), Date.UTC(ruleYear + 40, 0, 1))]) lines.push(...observance(t));
  }
  lines.push("END:VTIMEZONE");
  if (zoneCache.size > 500) zoneCache.clear();
  zoneCache.set(key, lines);
  return lines;
}

export interface CalendarMeeting {
  meeting: Meeting;
  schedule: Schedule;
  groupName: string;
  /** Absolute URL of the meeting's page. */
  url: string;
  /** Local dates of cancelled occurrences. */
  cancelled: string[];
  /** Notes on single dates ("this week in room 4"), for dates not cancelled. */
  notes?: { date: string; note: string }[];
}

/** A single occurrence (the personal feed lists what the member is going to). */
export interface CalendarOccurrence {
  meeting: Meeting;
  schedule: Schedule;
  groupName: string;
  url: string;
  date: string;
  cancelled: boolean;
  note: string;
}

function description(meeting: Meeting, groupName: string, url: string, note = ""): string {
  const parts = [`A meeting of ${groupName}.`];
  if (note) parts.push(`This time: ${note}`);
  if (meeting.status === "temporarily_closed" && meeting.attendance !== "online") parts.push("The location is temporarily closed.");
  if (meeting.attendance !== "in_person") {
    if (meeting.conference_url) parts.push(`Join online: ${meeting.conference_url}${meeting.conference_url_notes ? ` (${meeting.conference_url_notes})` : ""}`);
    if (meeting.conference_phone) parts.push(`Dial in: ${meeting.conference_phone}${meeting.conference_phone_notes ? ` (${meeting.conference_phone_notes})` : ""}`);
  }
  if (meeting.attendance !== "online" && meeting.location_notes) parts.push(meeting.location_notes);
  const types = parseTypes(meeting.types).map(typeName);
  if (types.length) parts.push(`Types: ${types.join(", ")}.`);
  if (meeting.notes) parts.push(meeting.notes);
  parts.push(url);
  return parts.join("\n\n");
}

/** How a date of the meeting can be attended: a temporarily closed location leaves only the online part. */
function attendable(meeting: Meeting): "in_person" | "online" | "hybrid" | "closed" {
  return effectiveAttendance(meeting.attendance, meeting.status);
}

function placeLines(meeting: Meeting): string[] {
  const lines: string[] = [];
  const how = attendable(meeting);
  if ((how === "in_person" || how === "hybrid") && meeting.address) {
    lines.push(`LOCATION:${escapeText([meeting.location_name, meeting.address].filter(Boolean).join(", "))}`);
    if (meeting.latitude !== null && meeting.longitude !== null) lines.push(`GEO:${meeting.latitude};${meeting.longitude}`);
  } else if (meeting.conference_url) {
    lines.push(`LOCATION:${escapeText(meeting.conference_url)}`);
  }
  if (how === "online" || how === "hybrid") {
    if (meeting.conference_url) lines.push(`CONFERENCE;VALUE=URI;FEATURE=VIDEO,AUDIO;LABEL=Join online:${meeting.conference_url}`);
    if (meeting.conference_phone) lines.push(`CONFERENCE;VALUE=URI;FEATURE=PHONE;LABEL=Dial in:tel:${meeting.conference_phone}`);
  }
  return lines;
}

/** The first local date on or after `from` on which a weekly schedule meets. */
function firstMeetingDate(schedule: Schedule, from: string): string {
  for (let i = 0; i < 7; i++) {
    const d = addDays(from, i);
    if (schedule.days.includes(weekdayOf(d))) return d;
  }
  return from;
}

function endLocal(schedule: Schedule, date: string): { date: string; time: string } {
  const o = occurrenceOn(schedule, date);
  const wallEnd = toLocal(o.end, schedule.timeZone);
  return { date: wallEnd.date, time: wallEnd.time };
}

/** DTSTART and DTEND of one date of a meeting, in the meeting's own zone. */
function dateTimes(schedule: Schedule, date: string): string[] {
  const end = endLocal(schedule, date);
  return [`DTSTART;TZID=${schedule.timeZone}:${localStamp(date, schedule.startTime)}`, `DTEND;TZID=${schedule.timeZone}:${localStamp(end.date, end.time)}`];
}

export interface CalendarOptions {
  name: string;
  host: string;
  now: Date;
  meetings?: CalendarMeeting[];
  occurrences?: CalendarOccurrence[];
}

/** The whole VCALENDAR text. */
export function buildCalendar({ name, host, now, meetings = [], occurrences = [] }: CalendarOptions): string {
  const stamp = utcStamp(now);
  const zones = new Set<string>();
  let firstYear = now.getUTCFullYear();
  const events: string[] = [];

  for (const c of meetings) {
    const { meeting, schedule } = c;
    const anchorDay = schedule.kind === "one_off" ? schedule.date! : firstMeetingDate(schedule, toLocal(meeting.created_at, schedule.timeZone).date);
    firstYear = Math.min(firstYear, Number(anchorDay.slice(0, 4)));
    zones.add(schedule.timeZone);
    const lines = [
      "BEGIN:VEVENT",
      `UID:meeting-${meeting.id}@${host}`,
      `DTSTAMP:${stamp}`,
      `LAST-MODIFIED:${utcStamp(new Date(meeting.updated_at))}`,
      `SEQUENCE:${meeting.sequence}`,
      ...dateTimes(schedule, anchorDay),
    ];
    // Dates at a temporarily closed location are no confirmed in-person events (a hybrid meeting's
    // online part stays confirmed, with the link as its place).
    const closedStatus = attendable(meeting) === "closed" ? "CANCELLED" : "CONFIRMED";
    if (schedule.kind === "weekly") {
      lines.push(`RRULE:FREQ=WEEKLY;BYDAY=${schedule.days.map((d) => ICAL_WEEKDAYS[d]).join(",")}`);
      const exdates = c.cancelled.filter((d) => d >= anchorDay).sort();
      if (exdates.length) lines.push(`EXDATE;TZID=${schedule.timeZone}:${exdates.map((d) => localStamp(d, schedule.startTime)).join(",")}`);
      lines.push(`STATUS:${closedStatus}`);
    } else {
      lines.push(`STATUS:${c.cancelled.includes(anchorDay) ? "CANCELLED" : closedStatus}`);
    }
    // A one-off meeting's note goes in its one event; a weekly one's, in an event for that date only
    // (RECURRENCE-ID: the same UID, standing in for that occurrence of the rule).
    const onceNote = schedule.kind === "one_off" ? ((c.notes ?? []).find((n) => n.date === anchorDay)?.note ?? "") : "";
    lines.push(
      `SUMMARY:${escapeText(meeting.name)}`,
      `DESCRIPTION:${escapeText(description(meeting, c.groupName, c.url, onceNote))}`,
      ...placeLines(meeting),
      `URL:${c.url}`,
      "TRANSP:OPAQUE",
      "END:VEVENT",
    );
    events.push(...lines);
    if (schedule.kind !== "weekly") continue;
    for (const { date, note } of c.notes ?? []) {
      if (date < anchorDay || c.cancelled.includes(date) || !meetsOn(schedule, date)) continue;
      events.push(
        "BEGIN:VEVENT",
        `UID:meeting-${meeting.id}@${host}`,
        `DTSTAMP:${stamp}`,
        `LAST-MODIFIED:${utcStamp(new Date(meeting.updated_at))}`,
        `SEQUENCE:${meeting.sequence}`,
        `RECURRENCE-ID;TZID=${schedule.timeZone}:${localStamp(date, schedule.startTime)}`,
        ...dateTimes(schedule, date),
        `STATUS:${closedStatus}`,
        `SUMMARY:${escapeText(meeting.name)}`,
        `DESCRIPTION:${escapeText(description(meeting, c.groupName, c.url, note))}`,
        ...placeLines(meeting),
        `URL:${c.url}`,
        "TRANSP:OPAQUE",
        "END:VEVENT",
      );
    }
  }

  for (const c of occurrences) {
    const { meeting, schedule } = c;
    zones.add(schedule.timeZone);
    firstYear = Math.min(firstYear, Number(c.date.slice(0, 4)));
    events.push(
      "BEGIN:VEVENT",
      `UID:meeting-${meeting.id}-${c.date}@${host}`,
      `DTSTAMP:${stamp}`,
      `LAST-MODIFIED:${utcStamp(new Date(meeting.updated_at))}`,
      `SEQUENCE:${meeting.sequence}`,
      ...dateTimes(schedule, c.date),
      `STATUS:${c.cancelled || attendable(meeting) === "closed" ? "CANCELLED" : "CONFIRMED"}`,
      `SUMMARY:${escapeText(c.cancelled ? `Cancelled: ${meeting.name}` : meeting.name)}`,
      `DESCRIPTION:${escapeText(description(meeting, c.groupName, c.url, c.note))}`,
      ...placeLines(meeting),
      `URL:${c.url}`,
      "END:VEVENT",
    );
  }

  const timezoneLines = [...zones].sort().flatMap((z) => vtimezone(z, firstYear - 1, now.getUTCFullYear()));
  const all = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Harbor//Meetings//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `NAME:${escapeText(name)}`,
    `X-WR-CALNAME:${escapeText(name)}`,
    "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
    "X-PUBLISHED-TTL:PT6H",
    ...timezoneLines,
    ...events,
    "END:VCALENDAR",
  ];
  return all.map(foldLine).join("\r\n") + "\r\n";
}

/** The HTTP answer for a calendar. */
export function calendarResponse(body: string, filename: string, cacheSeconds = 300): Response {
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="${filename.replace(/[^a-z0-9._-]/gi, "-")}"`,
      "Cache-Control": `private, max-age=${cacheSeconds}`,
      "X-Robots-Tag": "noindex",
    },
  });
}
