/**
 * Harbor's meeting feeds: iCalendar (site, group, meeting, personal) and the Meeting Guide JSON feed.
 * The site feeds carry public groups' meetings only; nothing in any feed names a member.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";
import { parseTypes } from "../utils/meeting-labels";
import { parseContacts } from "../utils/meeting-details";
import { buildCalendar, type CalendarMeeting } from "./ical.server";
import { feedExceptions } from "./meeting-occurrences.server";
import { listGroupMeetings, listMyRsvps, listPublicMeetings, scheduleOf, type Meeting, type MeetingWithGroup } from "./meetings.server";

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return "harbor.local";
  }
}

/** How far back a date's note is still worth carrying in a feed (calendars keep what they had). */
const NOTES_KEPT_DAYS = 30;

async function calendarMeetings(
  db: Kysely<Database>,
  meetings: (Meeting & { group_name?: string })[],
  groupName: string | null,
  origin: string,
  now: Date,
): Promise<CalendarMeeting[]> {
  const notesSince = new Date(now.getTime() - NOTES_KEPT_DAYS * 86_400_000).toISOString().slice(0, 10);
  const { cancelled, notes } = await feedExceptions(
    db,
    meetings.map((m) => m.id),
    "2000-01-01",
    notesSince,
  );
  return meetings.map((m) => ({
    meeting: m,
    schedule: scheduleOf(m),
    groupName: groupName ?? m.group_name ?? "",
    url: `${origin}/meetings/${m.slug}`,
    cancelled: cancelled.get(m.id) ?? [],
    notes: notes.get(m.id) ?? [],
  }));
}

/** The last site calendar built, reused while nothing in it has changed (it is the largest feed). */
let siteCalendarCache: { key: string; text: string } | null = null;

/** Every public group's meetings. Two queries. */
export async function siteCalendar(db: Kysely<Database>, origin: string, siteName = "Harbor", now = clockNow()): Promise<string> {
  const meetings = await listPublicMeetings(db);
  const calendar = await calendarMeetings(db, meetings, null, origin, now);
  const key = [
    origin,
    siteName,
    now.toISOString().slice(0, 10),
    ...calendar.map((c) => `${c.meeting.id}@${c.meeting.updated_at}:${c.groupName}:${c.cancelled.join(",")}:${(c.notes ?? []).map((n) => `${n.date}=${n.note}`).join(",")}`),
  ].join("|");
  if (siteCalendarCache?.key === key) return siteCalendarCache.text;
  const text = buildCalendar({ name: `${siteName} meetings`, host: hostOf(origin), now, meetings: calendar });
  siteCalendarCache = { key, text };
  return text;
}

/** One group's meetings (the caller has checked the viewer may read the group). Two queries. */
export async function groupCalendar(db: Kysely<Database>, group: { id: number; name: string }, origin: string, now = clockNow()): Promise<string> {
  const meetings = await listGroupMeetings(db, group.id);
  return buildCalendar({ name: `${group.name} meetings`, host: hostOf(origin), now, meetings: await calendarMeetings(db, meetings, group.name, origin, now) });
}

/** One meeting (the caller has checked access). One query. */
export async function meetingCalendar(db: Kysely<Database>, meeting: Meeting, groupName: string, origin: string, now = clockNow()): Promise<string> {
  return buildCalendar({ name: meeting.name, host: hostOf(origin), now, meetings: await calendarMeetings(db, [meeting], groupName, origin, now) });
}

/** The occurrences a member said they're going to, from 30 days ago on. One query. */
export async function personalCalendar(db: Kysely<Database>, user: { id: string; role: string }, origin: string, now = clockNow()): Promise<string> {
  const rows = await listMyRsvps(db, user, new Date(now.getTime() - 30 * 86_400_000).toISOString(), 500);
  return buildCalendar({
    name: "My meetings (Harbor)",
    host: hostOf(origin),
    now,
    occurrences: rows.map((r) => ({
      meeting: r,
      schedule: scheduleOf(r),
      groupName: r.group_name,
      url: `${origin}/meetings/${r.slug}`,
      date: r.occurrence_date,
      cancelled: !!r.cancelled,
      note: r.note ?? "",
    })),
  });
}

/** One meeting in the Meeting Guide feed format (https://github.com/code4recovery/spec). */
type ContactKeys = { [K in `contact_${1 | 2 | 3}_${"name" | "email" | "phone"}`]?: string };

export interface MeetingGuideMeeting extends ContactKeys {
  name: string;
  slug: string;
  day: number | number[];
  time: string;
  end_time: string;
  timezone: string;
  types: string[];
  /** TSML's verdict, so that a reader need not guess from the place and the link. */
  attendance_option: "in_person" | "online" | "hybrid";
  notes?: string;
  location?: string;
  location_notes?: string;
  /** Always present: a specific address ("approximate": "no") or an online meeting's area ("yes"). */
  formatted_address: string;
  approximate: "yes" | "no";
  latitude?: number;
  longitude?: number;
  region?: string;
  regions?: string[];
  conference_url?: string;
  conference_url_notes?: string;
  conference_phone?: string;
  conference_phone_notes?: string;
  group: string;
  group_notes?: string;
  website?: string;
  feedback_url?: string;
  venmo?: string;
  paypal?: string;
  square?: string;
  updated: string;
  url: string;
}

/** `updated` as the spec wants it: "YYYY-MM-DD HH:MM:SS" UTC. */
function specTimestamp(iso: string): string {
  return iso.slice(0, 19).replace("T", " ");
}

/** Where a meeting is, as the feed publishes it; null when it has no place at all (then it can't be listed). */
export function feedPlace(m: Pick<MeetingWithGroup, "attendance" | "address" | "area" | "group_area_served">): { formatted_address: string; approximate: "yes" | "no" } | null {
  if (m.attendance !== "online" && m.address) return { formatted_address: m.address, approximate: "no" };
  const area = m.area || m.group_area_served;
  return area ? { formatted_address: area, approximate: "yes" } : null;
}

/**
 * Public groups' weekly meetings in the Meeting Guide format. One-off meetings have no place in
 * it (the format is weekly); a temporarily closed location carries the TC type, and a closed
 * in-person-only meeting is left out (nobody could attend it). Every meeting carries geographic
 * information, as the spec requires for the Meeting Guide app: a specific address, or for an
 * online meeting its area (else its group's area served) marked approximate; an online meeting
 * with neither is left out (the import report and the group's settings say so). One query.
 */
export async function meetingGuideFeed(db: Kysely<Database>, origin: string): Promise<MeetingGuideMeeting[]> {
  const meetings = await listPublicMeetings(db);
  const feed: MeetingGuideMeeting[] = [];
  for (const m of meetings) {
    if (m.kind !== "weekly") continue;
    const closed = m.status === "temporarily_closed";
    if (closed && m.attendance === "in_person") continue;
    const place = feedPlace(m);
    if (!place) continue;
    const days = scheduleOf(m).days;
    const item: MeetingGuideMeeting = {
      name: m.name,
      slug: m.slug,
      day: days.length === 1 ? days[0]! : days,
      time: m.start_time,
      end_time: m.end_time,
      timezone: m.time_zone,
      types: [...parseTypes(m.types), ...(closed ? ["TC"] : [])],
      attendance_option: closed ? "online" : m.attendance,
      ...place,
      group: m.meeting_group || m.group_name,
      updated: specTimestamp(m.updated_at),
      url: `${origin}/meetings/${m.slug}`,
    };
    if (m.notes) item.notes = m.notes;
    if (place.approximate === "no") {
      if (m.location_name) item.location = m.location_name;
      if (m.location_notes) item.location_notes = m.location_notes;
      if (m.latitude !== null && m.longitude !== null) {
        item.latitude = m.latitude;
        item.longitude = m.longitude;
      }
    }
    if (m.region) {
      const path = m.region.split(" > ");
      if (path.length > 1) item.regions = path;
      else item.region = m.region;
    }
    if (m.attendance !== "in_person") {
      if (m.conference_url) item.conference_url = m.conference_url;
      if (m.conference_url_notes) item.conference_url_notes = m.conference_url_notes;
      if (m.conference_phone) item.conference_phone = m.conference_phone;
      if (m.conference_phone_notes) item.conference_phone_notes = m.conference_phone_notes;
    }
    if (m.group_notes) item.group_notes = m.group_notes;
    for (const key of ["website", "venmo", "paypal", "square"] as const) if (m[key]) item[key] = m[key];
    if (m.feedback_url) item.feedback_url = m.feedback_url;
    parseContacts(m.contacts).forEach((c, i) => {
      const n = (i + 1) as 1 | 2 | 3;
      if (c.name) item[`contact_${n}_name`] = c.name;
      if (c.email) item[`contact_${n}_email`] = c.email;
      if (c.phone) item[`contact_${n}_phone`] = c.phone;
    });
    feed.push(item);
  }
  return feed;
}
