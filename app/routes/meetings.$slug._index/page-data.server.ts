/**
 * What a meeting's page shows this viewer (its loader's data): the meeting in the viewer's zone
 * with its own time beside it, how to attend (a specific place with directions, or an online
 * meeting's area), the next dates with who is going (names for members only), and the viewer's
 * recent dates to say "I attended".
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listGoing } from "~/models/meeting-rsvps.server";
import { recentOccurrences, upcomingOccurrences } from "~/models/meeting-occurrences.server";
import { scheduleOf } from "~/models/meetings.server";
import { attendedDates } from "~/models/meeting-attendance.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { conferenceProvider, effectiveAttendance, parseTypes, typeName } from "~/utils/meeting-labels";
import { parseContacts } from "~/utils/meeting-details";
import { describeSchedule, formatClock, formatInstantRange, formatLocalDate, toLocal } from "~/utils/meeting-time";
import { requireMeeting, viewerZone, zoneSentence } from "~/utils/meetings.server";
import { formatDate } from "~/utils/time";

const UPCOMING = 6;
const RECENT_DAYS = 7;

export async function loadMeetingPage({ request, context, params }: LoaderFunctionArgs) {
  const { access, auth } = await requireMeeting(request, context, params.slug, "see");
  const { meeting } = access;
  const vz = await viewerZone(auth, request);
  const zone = vz.zone;
  const db = getDb();
  const at = now();
  const [upcoming, recent] = await Promise.all([
    upcomingOccurrences(db, meeting, meeting.archived_at ? 0 : UPCOMING, at),
    auth ? recentOccurrences(db, meeting, RECENT_DAYS, at) : Promise.resolve([]),
  ]);
  const [going, attended] = await Promise.all([
    auth
      ? listGoing(
          db,
          meeting.id,
          upcoming.map((o) => o.date),
        )
      : Promise.resolve(new Map<string, { id: string; name: string }[]>()),
    auth
      ? attendedDates(
          db,
          meeting.id,
          auth.user.id,
          recent.map((o) => o.date),
        )
      : Promise.resolve(new Set<string>()),
  ]);
  const schedule = scheduleOf(meeting);
  const attendance = effectiveAttendance(meeting.attendance, meeting.status);
  const showPlace = meeting.attendance !== "online";
  const showOnline = meeting.attendance !== "in_person";
  const sameZone = zone === meeting.time_zone;
  return {
    zone,
    zoneSentence: zoneSentence(zone, vz.source),
    zoneCheck: vz.zoneCheck,
    updated: formatDate(meeting.updated_at, zone),
    updatedIso: meeting.updated_at,
    sameZone,
    signedIn: !!auth,
    canManage: access.canManage,
    canSeeGoing: access.canSeeGoing,
    meeting: {
      slug: meeting.slug,
      name: meeting.name,
      notes: meeting.notes,
      groupSlug: meeting.group_slug,
      groupName: meeting.group_name,
      groupVisibility: meeting.group_visibility,
      schedule: describeSchedule(schedule),
      localTimes: `${formatClock(meeting.start_time)} – ${formatClock(meeting.end_time)}`,
      timeZone: meeting.time_zone,
      attendance,
      closed: meeting.status === "temporarily_closed",
      types: parseTypes(meeting.types).map((code) => ({ code, name: typeName(code) })),
      // An online meeting's area (or its group's area served): where it is based, never somewhere to go.
      area: meeting.attendance === "online" ? meeting.area || meeting.group_area_served : "",
      archived: meeting.archived_at !== null,
      details: {
        meetingGroup: meeting.meeting_group,
        groupNotes: meeting.group_notes,
        contacts: parseContacts(meeting.contacts),
        website: meeting.website,
        feedbackUrl: meeting.feedback_url,
        handles: (["venmo", "square", "paypal"] as const).filter((kind) => meeting[kind]).map((kind) => ({ kind, handle: meeting[kind] })),
      },
      place: showPlace ? { name: meeting.location_name, address: meeting.address, notes: meeting.location_notes, lat: meeting.latitude, lon: meeting.longitude } : null,
      online: showOnline
        ? {
            url: meeting.conference_url,
            provider: meeting.conference_url ? conferenceProvider(meeting.conference_url) : null,
            urlNotes: meeting.conference_url_notes,
            phone: meeting.conference_phone,
            phoneNotes: meeting.conference_phone_notes,
          }
        : null,
    },
    upcoming: upcoming.map((o) => {
      const people = going.get(o.date) ?? [];
      return {
        date: o.date,
        startIso: o.startIso,
        label: formatLocalDate(toLocal(o.startIso, zone).date),
        when: formatInstantRange(o.startIso, o.endIso, zone),
        ownWhen: sameZone ? null : `${formatLocalDate(o.date)}, ${formatInstantRange(o.startIso, o.endIso, meeting.time_zone)} ${meeting.time_zone.replace(/_/g, " ")}`,
        cancelled: o.cancelled,
        cancelReason: o.cancelReason,
        note: o.note,
        goingCount: people.length,
        goingNames: access.canSeeGoing ? people.map((p) => p.name) : [],
        imGoing: auth ? people.some((p) => p.id === auth.user.id) : false,
        // Under way: too late to say you're going (the action refuses it), so no button offers it.
        started: Date.parse(o.startIso) <= at.getTime(),
      };
    }),
    recent: recent
      .filter((o) => !o.cancelled)
      .map((o) => ({
        date: o.date,
        label: `${formatLocalDate(toLocal(o.startIso, zone).date)}, ${formatInstantRange(o.startIso, o.endIso, zone)}`,
        attended: attended.has(o.date),
      })),
  };
}

export type MeetingPageData = Awaited<ReturnType<typeof loadMeetingPage>>;
