/**
 * Harbor's meeting feeds: iCalendar (site, group, meeting, personal) and the Meeting Guide JSON feed.
 * The site feeds carry public groups' meetings only; nothing in any feed names a member.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";
import { parseTypes } from "../utils/meeting-labels";
import { buildCalendar, type CalendarMeeting } from "./ical.server";
import { feedExceptions, listGroupMeetings, listMyRsvps, listPublicMeetings, scheduleOf, type Meeting } from "./meetings.server";

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return "harbor.local";
  }
}

/** How far back a date's note is still worth carrying in a feed (calendars keep what they had). */
const NOTES_KEPT_DAYS = 30;

async function calendarMeetings(db: Kysely<Database>, meetings: (Meeting & { group_name?: string })[], groupName: string | null, origin: string, now: Date): Promise<CalendarMeeting[]> {
  const notesSince = new Date(now.getTime() - NOTES_KEPT_DAYS * 86_400_000).toISOString().slice(0, 10);
  const { cancelled, notes } = await feedExceptions(db, meetings.map((m) => m.id), "2000-01-01", notesSince);
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
  const key = [origin, siteName, now.toISOString().slice(0, 10), ...calendar.map((c) => `${c.meeting.id}@${c.meeting.updated_at}:${c.groupName}:${c.cancelled.join(",")}:${(c.notes ?? []).map((n) => `${n.date}=${n.note}`).join(",")}`)].join("|");
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
export interface MeetingGuideMeeting {
  name: string;
  slug: string;
  day: number | number[];
  time: string;
  end_time: string;
  timezone: string;
  types: string[];
  notes?: string;
  location?: string;
  location_notes?: string;
  formatted_address?: string;
  latitude?: number;
  longitude?: number;
  approximate?: "yes" | "no";
  conference_url?: string;
  conference_url_notes?: string;
  conference_phone?: string;
  conference_phone_notes?: string;
  group: string;
  updated: string;
  url: string;
}

/** `updated` as the spec wants it: "YYYY-MM-DD HH:MM:SS" UTC. */
function specTimestamp(iso: string): string {
  return iso.slice(0, 19).replace("T", " ");
}

/**
 * Public groups' weekly meetings in the Meeting Guide format. One-off meetings have no place in
 * it (the format is weekly); a temporarily closed location carries the TC type, and a closed
 * in-person-only meeting is left out (nobody could attend it). One query.
 */
export async function meetingGuideFeed(db: Kysely<Database>, origin: string): Promise<MeetingGuideMeeting[]> {
  const meetings = await listPublicMeetings(db);
  const feed: MeetingGuideMeeting[] = [];
  for (const m of meetings) {
    if (m.kind !== "weekly") continue;
    const closed = m.status === "temporarily_closed";
    if (closed && m.attendance === "in_person") continue;
    const days = scheduleOf(m).days;
    const item: MeetingGuideMeeting = {
      name: m.name,
      slug: m.slug,
      day: days.length === 1 ? days[0]! : days,
      time: m.start_time,
      end_time: m.end_time,
      timezone: m.time_zone,
      types: [...parseTypes(m.types), ...(closed ? ["TC"] : [])],
      group: m.group_name,
      updated: specTimestamp(m.updated_at),
      url: `${origin}/meetings/${m.slug}`,
    };
    if (m.notes) item.notes = m.notes;
    if (m.attendance !== "online" && m.address) {
      if (m.location_name) item.location = m.location_name;
      if (m.location_notes) item.location_notes = m.location_notes;
      item.formatted_address = m.address;
      if (m.latitude !== null && m.longitude !== null) {
        item.latitude = m.latitude;
        item.longitude = m.longitude;
      }
      item.approximate = "no";
    }
    if (m.attendance !== "in_person") {
      if (m.conference_url) item.conference_url = m.conference_url;
      if (m.conference_url_notes) item.conference_url_notes = m.conference_url_notes;
      if (m.conference_phone) item.conference_phone = m.conference_phone;
      if (m.conference_phone_notes) item.conference_phone_notes = m.conference_phone_notes;
    }
    feed.push(item);
  }
  return feed;
}

