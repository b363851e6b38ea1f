/**
 * Meetings of groups: create and edit (group moderators and site admins), who may see them,
 * occurrences with their exceptions (cancelled, note), RSVPs, the private attendance log and the
 * personal calendar feed's secret.
 *
 * Visibility follows the group: a public group's meetings are for everyone; a private or hidden
 * group's meetings — name, link and address alike — exist only for its members and site admins.
 * Times are local wall-clock plus zone (see app/utils/meeting-time.ts).
 */
import type { Kysely } from "kysely";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Database, GroupRole, GroupVisibility } from "../../db/schema";
import type { MeetingsTable } from "../../db/schema/meetings";
import type { Selectable } from "kysely";
import { inTransaction, isUniqueViolation } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { randomId } from "../utils/ids.server";
import { slugify } from "../utils/group-labels";
import { addDays, meetsOn, nextOccurrences, occurrenceOn, occurrencesBetween, toLocal, weekdayOf, type Occurrence, type Schedule } from "../utils/meeting-time";
import { RESERVED_MEETING_SLUGS } from "../utils/meeting-labels";
import type { MeetingInput } from "./meeting-input.server";
import type { Viewer } from "./groups.server";
import { notify } from "./notify.server";
import { refreshMeetingDates } from "./meeting-dates.server";

export type Meeting = Selectable<MeetingsTable>;

export interface MeetingWithGroup extends Meeting {
  group_slug: string;
  group_name: string;
  group_visibility: GroupVisibility;
  /** The group's area served: the place an online meeting without an area of its own is published under. */
  group_area_served: string;
  membership: GroupRole | null;
}

export function scheduleOf(m: Pick<Meeting, "kind" | "days" | "one_off_date" | "start_time" | "end_time" | "time_zone">): Schedule {
  return {
    kind: m.kind,
    days: m.days ? m.days.split(",").map(Number) : [],
    date: m.one_off_date,
    startTime: m.start_time,
    endTime: m.end_time,
    timeZone: m.time_zone,
  };
}

/** What the viewer may do with a meeting they can see. */
export interface MeetingAccess {
  meeting: MeetingWithGroup;
  isMember: boolean;
  /** Group moderator or site admin: edit, cancel occurrences, add notes. */
  canManage: boolean;
  /** Names of who is going: members of the group (and admins). */
  canSeeGoing: boolean;
}

function accessOf(meeting: MeetingWithGroup, viewer: Viewer): MeetingAccess | null {
  const isAdmin = viewer?.role === "admin";
  const isMember = meeting.membership !== null;
  if (meeting.group_visibility !== "public" && !isMember && !isAdmin) return null;
  return { meeting, isMember, canManage: isAdmin || meeting.membership === "moderator", canSeeGoing: isMember || isAdmin };
}

function withGroup(db: Kysely<Database>, viewer: Viewer) {
  return db
    .selectFrom("meetings")
    .innerJoin("groups", "groups.id", "meetings.group_id")
    .leftJoin("group_members as gm", (join) => join.onRef("gm.group_id", "=", "meetings.group_id").on("gm.user_id", "=", viewer?.id ?? ""))
    .selectAll("meetings")
    .select([
      "groups.slug as group_slug",
      "groups.name as group_name",
      "groups.visibility as group_visibility",
      "groups.area_served as group_area_served",
      "gm.role as membership",
    ]);
}

/** The meeting at this slug as this viewer may know it; null (404) when they may not. One query. */
export async function getMeetingAccess(db: Kysely<Database>, slug: string, viewer: Viewer): Promise<MeetingAccess | null> {
  const row = await withGroup(db, viewer).where("meetings.slug", "=", slug).executeTakeFirst();
  return row ? accessOf(row as MeetingWithGroup, viewer) : null;
}

export async function getMeetingById(db: Kysely<Database>, id: number): Promise<Meeting | undefined> {
  return db.selectFrom("meetings").selectAll().where("id", "=", id).executeTakeFirst();
}

export class DuplicateMeetingSlugError extends Error {
  constructor() {
    super("Another meeting already uses that web address.");
  }
}

function storedFields(input: MeetingInput) {
  return {
    name: input.name,
    notes: input.notes,
    kind: input.kind,
    days: input.days.join(","),
    one_off_date: input.date,
    start_time: input.startTime,
    end_time: input.endTime,
    time_zone: input.timeZone,
    attendance: input.attendance,
    location_name: input.locationName,
    address: input.address,
    location_notes: input.locationNotes,
    latitude: input.latitude,
    longitude: input.longitude,
    conference_url: input.conferenceUrl,
    conference_url_notes: input.conferenceUrlNotes,
    conference_phone: input.conferencePhone,
    conference_phone_notes: input.conferencePhoneNotes,
    types: input.types.join(","),
    status: input.status,
    area: input.area,
    region: input.region,
    meeting_group: input.meetingGroup,
    group_notes: input.groupNotes,
    contacts: input.contacts.length ? JSON.stringify(input.contacts) : "",
    website: input.website,
    feedback_url: input.feedbackUrl,
    venmo: input.venmo,
    paypal: input.paypal,
    square: input.square,
  };
}

/** A free slug for this name: the name's own, or with -2, -3 … One query. */
export async function freeMeetingSlug(db: Kysely<Database>, name: string): Promise<string> {
  const base = slugify(name).slice(0, 56).replace(/-+$/, "") || "meeting";
  const taken = new Set((await db.selectFrom("meetings").select("slug").where("slug", "like", `${base}%`).execute()).map((r) => r.slug));
  if (!taken.has(base) && !RESERVED_MEETING_SLUGS.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Creates a meeting; `feedSlug` is its id in the feed it came from (its own slug otherwise). */
export async function createMeeting(db: Kysely<Database>, groupId: number, input: MeetingInput, creatorId: string | null, now = clockNow(), feedSlug?: string): Promise<Meeting> {
  const iso = now.toISOString();
  const slug = input.slug || (await freeMeetingSlug(db, input.name));
  try {
    return await inTransaction(db, async (tx) => {
      const meeting = await tx
        .insertInto("meetings")
        .values({ group_id: groupId, slug, feed_slug: feedSlug ?? slug, ...storedFields(input), created_by: creatorId, created_at: iso, updated_at: iso })
        .returningAll()
        .executeTakeFirstOrThrow();
      await refreshMeetingDates(tx, meeting.id, now);
      return meeting;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateMeetingSlugError();
    throw error;
  }
}

/** Whether saving these fields would change the stored meeting. */
function differs(before: Meeting, fields: ReturnType<typeof storedFields>): boolean {
  return (Object.keys(fields) as (keyof typeof fields)[]).some((key) => (before[key] ?? null) !== (fields[key] ?? null));
}

function sameSchedule(a: Schedule, b: Schedule): boolean {
  return a.kind === b.kind && a.days.join() === b.days.join() && a.date === b.date && a.startTime === b.startTime && a.endTime === b.endTime && a.timeZone === b.timeZone;
}

/**
 * Saves an edit. When the schedule moves, RSVPs to coming occurrences follow it (their start is
 * recomputed), those whose day no longer exists are withdrawn, and everyone who was going is told.
 * A location closing (TC) is announced too. All in one transaction. A save that changes nothing
 * keeps `updated_at` (feeds' `updated`) and the calendar SEQUENCE; an archived meeting saved (an
 * import that has it again) comes back.
 */
export async function updateMeeting(db: Kysely<Database>, meetingId: number, input: MeetingInput, actorId: string | null, now = clockNow()): Promise<"changed" | "unchanged"> {
  return inTransaction(db, async (tx) => {
    const before = await tx.selectFrom("meetings").selectAll().where("id", "=", meetingId).executeTakeFirstOrThrow();
    const fields = storedFields(input);
    const slugChanged = !!input.slug && input.slug !== before.slug;
    if (!differs(before, fields) && !slugChanged && before.archived_at === null) return "unchanged";
    try {
      await tx
        .updateTable("meetings")
        .set((eb) => ({ ...fields, ...(input.slug ? { slug: input.slug } : {}), archived_at: null, sequence: eb("sequence", "+", 1), updated_at: now.toISOString() }))
        .where("id", "=", meetingId)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateMeetingSlugError();
      throw error;
    }
    const oldSchedule = scheduleOf(before);
    const newSchedule = scheduleOf({ ...before, ...fields });
    const moved = !sameSchedule(oldSchedule, newSchedule);
    await refreshMeetingDates(tx, meetingId, now);
    const closed = before.status !== "temporarily_closed" && input.status === "temporarily_closed";
    if (!moved && !closed) return "changed";
    const rsvps = await tx.selectFrom("meeting_rsvps").selectAll().where("meeting_id", "=", meetingId).where("starts_at", ">=", now.toISOString()).execute();
    const told = new Set<string>();
    for (const r of rsvps) {
      let startsAt = r.starts_at;
      if (moved) {
        if (meetsOn(newSchedule, r.occurrence_date)) {
          const start = occurrenceOn(newSchedule, r.occurrence_date).start.toISOString();
          startsAt = start;
          await tx
            .updateTable("meeting_rsvps")
            .set({ starts_at: start })
            .where("meeting_id", "=", meetingId)
            .where("occurrence_date", "=", r.occurrence_date)
            .where("user_id", "=", r.user_id)
            .execute();
        } else {
          await tx.deleteFrom("meeting_rsvps").where("meeting_id", "=", meetingId).where("occurrence_date", "=", r.occurrence_date).where("user_id", "=", r.user_id).execute();
        }
      }
      if (told.has(r.user_id) || r.user_id === actorId) continue;
      told.add(r.user_id);
      await notify(tx, {
        userId: r.user_id,
        type: "meeting_change",
        meetingId,
        groupId: before.group_id,
        data: { change: moved ? "moved" : "location_closed", name: input.name, slug: input.slug || before.slug, date: r.occurrence_date, startsAt },
      });
    }
    return "changed";
  });
}

/**
 * Archives meetings (gone from their group's feed): they leave the directory and the feeds; the
 * page stays for members' attendance history. Coming RSVPs are withdrawn and their members told.
 * Returns how many were archived.
 */
export async function archiveMeetings(db: Kysely<Database>, meetingIds: number[], actorId: string | null, now = clockNow()): Promise<number> {
  if (meetingIds.length === 0) return 0;
  return inTransaction(db, async (tx) => {
    const meetings = await tx.selectFrom("meetings").select(["id", "name", "group_id"]).where("id", "in", meetingIds).where("archived_at", "is", null).execute();
    if (meetings.length === 0) return 0;
    const ids = meetings.map((m) => m.id);
    const going = await tx
      .selectFrom("meeting_rsvps")
      .select(["meeting_id", "user_id"])
      .distinct()
      .where("meeting_id", "in", ids)
      .where("starts_at", ">=", now.toISOString())
      .execute();
    for (const g of going) {
      if (g.user_id === actorId) continue;
      const m = meetings.find((x) => x.id === g.meeting_id)!;
      await notify(tx, { userId: g.user_id, type: "meeting_change", meetingId: m.id, groupId: m.group_id, data: { change: "deleted", name: m.name } });
    }
    await tx.deleteFrom("meeting_rsvps").where("meeting_id", "in", ids).where("starts_at", ">=", now.toISOString()).execute();
    const iso = now.toISOString();
    await tx
      .updateTable("meetings")
      .set((eb) => ({ archived_at: iso, updated_at: iso, sequence: eb("sequence", "+", 1) }))
      .where("id", "in", ids)
      .execute();
    return meetings.length;
  });
}

/** Deletes a meeting; members going to a coming occurrence are told. Their attendance log keeps the name. */
export async function deleteMeeting(db: Kysely<Database>, meetingId: number, actorId: string | null, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const meeting = await tx.selectFrom("meetings").selectAll().where("id", "=", meetingId).executeTakeFirst();
    if (!meeting) return;
    const going = await tx.selectFrom("meeting_rsvps").select("user_id").distinct().where("meeting_id", "=", meetingId).where("starts_at", ">=", now.toISOString()).execute();
    for (const g of going) {
      if (g.user_id === actorId) continue;
      await notify(tx, { userId: g.user_id, type: "meeting_change", meetingId: null, groupId: meeting.group_id, data: { change: "deleted", name: meeting.name } });
    }
    await tx.deleteFrom("meetings").where("id", "=", meetingId).execute();
  });
}

// ---------------------------------------------------------------- occurrences

export interface OccurrenceException {
  meeting_id: number;
  occurrence_date: string;
  cancelled: number;
  cancel_reason: string;
  note: string;
}

export async function exceptionsFor(db: Kysely<Database>, meetingIds: number[] | null, fromDate: string, toDate: string): Promise<Map<string, OccurrenceException>> {
  let q = db
    .selectFrom("meeting_occurrences")
    .select(["meeting_id", "occurrence_date", "cancelled", "cancel_reason", "note"])
    .where("occurrence_date", ">=", fromDate)
    .where("occurrence_date", "<=", toDate);
  if (meetingIds) {
    if (meetingIds.length === 0) return new Map();
    q = q.where("meeting_id", "in", meetingIds);
  }
  const rows = await q.execute();
  return new Map(rows.map((r) => [`${r.meeting_id}|${r.occurrence_date}`, r]));
}

export class OccurrenceError extends Error {}

/**
 * Cancels one occurrence (with a reason), takes a cancellation back, or sets its note. Members
 * going are told of a cancellation. The date must be one the meeting meets on.
 */
export async function setOccurrence(
  db: Kysely<Database>,
  meeting: Meeting,
  date: string,
  change: { cancelled: boolean; reason: string; note: string },
  actorId: string,
  now = clockNow(),
): Promise<void> {
  const schedule = scheduleOf(meeting);
  if (!meetsOn(schedule, date)) throw new OccurrenceError("The meeting doesn't meet on that day.");
  await inTransaction(db, async (tx) => {
    const before = await tx.selectFrom("meeting_occurrences").selectAll().where("meeting_id", "=", meeting.id).where("occurrence_date", "=", date).executeTakeFirst();
    const values = {
      cancelled: change.cancelled ? 1 : 0,
      cancel_reason: change.cancelled ? change.reason : "",
      note: change.note,
      updated_at: now.toISOString(),
      updated_by: actorId,
    };
    if (before) {
      await tx.updateTable("meeting_occurrences").set(values).where("meeting_id", "=", meeting.id).where("occurrence_date", "=", date).execute();
    } else {
      await tx
        .insertInto("meeting_occurrences")
        .values({ meeting_id: meeting.id, occurrence_date: date, ...values })
        .execute();
    }
    // One date changed is a change of the meeting's calendar event: SEQUENCE and LAST-MODIFIED move.
    const changed = !before || !!before.cancelled !== change.cancelled || before.cancel_reason !== values.cancel_reason || before.note !== values.note;
    if (changed)
      await tx
        .updateTable("meetings")
        .set((eb) => ({ sequence: eb("sequence", "+", 1), updated_at: values.updated_at }))
        .where("id", "=", meeting.id)
        .execute();
    const newlyCancelled = change.cancelled && !before?.cancelled;
    if (!newlyCancelled) return;
    const going = await tx.selectFrom("meeting_rsvps").select("user_id").where("meeting_id", "=", meeting.id).where("occurrence_date", "=", date).execute();
    for (const g of going) {
      if (g.user_id === actorId) continue;
      await notify(tx, {
        userId: g.user_id,
        type: "meeting_change",
        meetingId: meeting.id,
        groupId: meeting.group_id,
        data: { change: "cancelled", name: meeting.name, slug: meeting.slug, date, startsAt: occurrenceOn(schedule, date).start.toISOString(), reason: change.reason },
      });
    }
  });
}

export interface OccurrenceView {
  date: string;
  startIso: string;
  endIso: string;
  cancelled: boolean;
  cancelReason: string;
  note: string;
}

function viewOf(meetingId: number, o: Occurrence, exceptions: Map<string, OccurrenceException>): OccurrenceView {
  const e = exceptions.get(`${meetingId}|${o.date}`);
  return { date: o.date, startIso: o.start.toISOString(), endIso: o.end.toISOString(), cancelled: !!e?.cancelled, cancelReason: e?.cancel_reason ?? "", note: e?.note ?? "" };
}

/** The next occurrences of one meeting with their exceptions. One query. */
export async function upcomingOccurrences(db: Kysely<Database>, meeting: Meeting, count: number, now = clockNow()): Promise<OccurrenceView[]> {
  const occurrences = nextOccurrences(scheduleOf(meeting), now, count);
  if (occurrences.length === 0) return [];
  const exceptions = await exceptionsFor(db, [meeting.id], occurrences[0]!.date, occurrences[occurrences.length - 1]!.date);
  return occurrences.map((o) => viewOf(meeting.id, o, exceptions));
}

/** Occurrences of one meeting that have started in the last `days` days (for "I attended"). One query. */
export async function recentOccurrences(db: Kysely<Database>, meeting: Meeting, days: number, now = clockNow()): Promise<OccurrenceView[]> {
  const from = new Date(now.getTime() - days * 86_400_000);
  const occurrences = occurrencesBetween(scheduleOf(meeting), from, now).filter((o) => o.start.getTime() <= now.getTime());
  if (occurrences.length === 0) return [];
  const exceptions = await exceptionsFor(db, [meeting.id], occurrences[0]!.date, occurrences[occurrences.length - 1]!.date);
  return occurrences.map((o) => viewOf(meeting.id, o, exceptions)).reverse();
}

/** A group's meetings the viewer may see (the group page and the group's feed). One query. */
export async function listGroupMeetings(db: Kysely<Database>, groupId: number): Promise<Meeting[]> {
  return db.selectFrom("meetings").selectAll().where("group_id", "=", groupId).where("archived_at", "is", null).orderBy("name").orderBy("id").execute();
}

/** Public groups' meetings (the site feeds). One query. */
export async function listPublicMeetings(db: Kysely<Database>): Promise<MeetingWithGroup[]> {
  return (await withGroup(db, null)
    .where("groups.visibility", "=", "public")
    .where("meetings.archived_at", "is", null)
    .orderBy("meetings.name")
    .orderBy("meetings.id")
    .execute()) as MeetingWithGroup[];
}

// ---------------------------------------------------------------- RSVP

export class RsvpError extends Error {}

/** "I'm going" to one occurrence: it must exist, not be cancelled and not have started. */
export async function rsvp(db: Kysely<Database>, meeting: Meeting, date: string, userId: string, now = clockNow()): Promise<void> {
  const schedule = scheduleOf(meeting);
  if (meeting.archived_at) throw new RsvpError("This meeting is archived: it no longer meets.");
  if (!meetsOn(schedule, date)) throw new RsvpError("The meeting doesn't meet on that day.");
  const occurrence = occurrenceOn(schedule, date);
  if (occurrence.start.getTime() <= now.getTime()) throw new RsvpError("That meeting has already started or is over. Choose a coming one.");
  const exception = await db.selectFrom("meeting_occurrences").select(["cancelled"]).where("meeting_id", "=", meeting.id).where("occurrence_date", "=", date).executeTakeFirst();
  if (exception?.cancelled) throw new RsvpError("That meeting is cancelled, so you can't say you're going.");
  try {
    await db
      .insertInto("meeting_rsvps")
      .values({ meeting_id: meeting.id, occurrence_date: date, user_id: userId, starts_at: occurrence.start.toISOString(), created_at: now.toISOString() })
      .execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error; // already going: nothing to do
  }
}

export async function cancelRsvp(db: Kysely<Database>, meetingId: number, date: string, userId: string): Promise<void> {
  await db.deleteFrom("meeting_rsvps").where("meeting_id", "=", meetingId).where("occurrence_date", "=", date).where("user_id", "=", userId).execute();
}

/** Who is going to these occurrences of a meeting (display names; for members' eyes). One query. */
export async function listGoing(db: Kysely<Database>, meetingId: number, dates: string[]): Promise<Map<string, { id: string; name: string }[]>> {
  const result = new Map<string, { id: string; name: string }[]>();
  if (dates.length === 0) return result;
  const rows = await db
    .selectFrom("meeting_rsvps")
    .innerJoin("users", "users.id", "meeting_rsvps.user_id")
    .select(["meeting_rsvps.occurrence_date", "users.id", "users.display_name"])
    .where("meeting_rsvps.meeting_id", "=", meetingId)
    .where("meeting_rsvps.occurrence_date", "in", dates)
    .orderBy("meeting_rsvps.created_at")
    .execute();
  for (const r of rows) {
    const list = result.get(r.occurrence_date) ?? [];
    list.push({ id: r.id, name: r.display_name });
    result.set(r.occurrence_date, list);
  }
  return result;
}

/**
 * For reminders (the notifications issue): every RSVP whose occurrence starts in [fromIso, toIso),
 * cancelled occurrences left out. Uses the starts_at index.
 */
export async function listRsvpsStartingBetween(
  db: Kysely<Database>,
  fromIso: string,
  toIso: string,
): Promise<{ meetingId: number; occurrenceDate: string; startsAt: string; userId: string }[]> {
  const rows = await db
    .selectFrom("meeting_rsvps as r")
    .leftJoin("meeting_occurrences as o", (join) => join.onRef("o.meeting_id", "=", "r.meeting_id").onRef("o.occurrence_date", "=", "r.occurrence_date"))
    .select(["r.meeting_id", "r.occurrence_date", "r.starts_at", "r.user_id"])
    .where("r.starts_at", ">=", fromIso)
    .where("r.starts_at", "<", toIso)
    .where((eb) => eb.or([eb("o.cancelled", "is", null), eb("o.cancelled", "=", 0)]))
    .orderBy("r.starts_at")
    .execute();
  return rows.map((r) => ({ meetingId: r.meeting_id, occurrenceDate: r.occurrence_date, startsAt: r.starts_at, userId: r.user_id }));
}

/**
 * The member's RSVPs from `fromIso` on, with their meetings (My meetings, the personal feed), only
 * of meetings they may still see (someone who left a private group no longer gets its links). One query.
 */
export async function listMyRsvps(db: Kysely<Database>, viewer: { id: string; role: string }, fromIso: string, limit = 200) {
  let q = db
    .selectFrom("meeting_rsvps as r")
    .innerJoin("meetings", "meetings.id", "r.meeting_id")
    .innerJoin("groups", "groups.id", "meetings.group_id")
    .leftJoin("group_members as gm", (join) => join.onRef("gm.group_id", "=", "meetings.group_id").on("gm.user_id", "=", viewer.id))
    .leftJoin("meeting_occurrences as o", (join) => join.onRef("o.meeting_id", "=", "r.meeting_id").onRef("o.occurrence_date", "=", "r.occurrence_date"))
    .selectAll("meetings")
    .select(["r.occurrence_date", "r.starts_at", "groups.name as group_name", "groups.slug as group_slug", "o.cancelled", "o.cancel_reason", "o.note"])
    .where("r.user_id", "=", viewer.id)
    .where("r.starts_at", ">=", fromIso)
    .where("meetings.archived_at", "is", null);
  if (viewer.role !== "admin") q = q.where((eb) => eb.or([eb("groups.visibility", "=", "public"), eb("gm.user_id", "is not", null)]));
  return q.orderBy("r.starts_at").limit(limit).execute();
}

/**
 * What the calendar feeds carry of meetings' single dates (all meetings when `meetingIds` is
 * null): the cancelled dates since `sinceDate`, and the notes ("this week in room 4") of dates
 * still standing from `notesSince` on. One query.
 */
export async function feedExceptions(
  db: Kysely<Database>,
  meetingIds: number[] | null,
  sinceDate: string,
  notesSince: string,
): Promise<{ cancelled: Map<number, string[]>; notes: Map<number, { date: string; note: string }[]> }> {
  const cancelled = new Map<number, string[]>();
  const notes = new Map<number, { date: string; note: string }[]>();
  let q = db
    .selectFrom("meeting_occurrences")
    .select(["meeting_id", "occurrence_date", "cancelled", "note"])
    .where("occurrence_date", ">=", sinceDate)
    .where((eb) => eb.or([eb("cancelled", "=", 1), eb.and([eb("note", "<>", ""), eb("occurrence_date", ">=", notesSince)])]))
    .orderBy("occurrence_date");
  if (meetingIds) {
    if (meetingIds.length === 0) return { cancelled, notes };
    if (meetingIds.length <= 500) q = q.where("meeting_id", "in", meetingIds);
  }
  for (const r of await q.execute()) {
    if (r.cancelled) {
      const list = cancelled.get(r.meeting_id) ?? [];
      list.push(r.occurrence_date);
      cancelled.set(r.meeting_id, list);
    } else {
      const list = notes.get(r.meeting_id) ?? [];
      list.push({ date: r.occurrence_date, note: r.note });
      notes.set(r.meeting_id, list);
    }
  }
  return { cancelled, notes };
}

// ---------------------------------------------------------------- attendance (private to the member)

export class AttendanceError extends Error {}

/** "I attended" a Harbor meeting's occurrence that has started; counted on the member's own day. */
export async function recordAttendance(db: Kysely<Database>, meeting: Meeting, date: string, userId: string, userZone: string, now = clockNow()): Promise<void> {
  const schedule = scheduleOf(meeting);
  if (!meetsOn(schedule, date)) throw new AttendanceError("The meeting doesn't meet on that day.");
  const occurrence = occurrenceOn(schedule, date);
  if (occurrence.start.getTime() > now.getTime()) throw new AttendanceError("That meeting hasn't started yet. Come back afterwards to record it.");
  try {
    await db
      .insertInto("meeting_attendance")
      .values({
        user_id: userId,
        meeting_id: meeting.id,
        occurrence_date: date,
        meeting_name: meeting.name,
        attended_on: toLocal(occurrence.start, userZone).date,
        created_at: now.toISOString(),
      })
      .execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** "I attended" a meeting outside Harbor: a name and the day (not in the future). */
export async function recordOutsideAttendance(db: Kysely<Database>, userId: string, name: string, day: string, userZone: string, now = clockNow()): Promise<void> {
  if (day > toLocal(now, userZone).date) throw new AttendanceError("That day is in the future. Record a meeting once you've been.");
  await db
    .insertInto("meeting_attendance")
    .values({ user_id: userId, meeting_id: null, occurrence_date: null, meeting_name: name, attended_on: day, created_at: now.toISOString() })
    .execute();
}

export async function deleteAttendance(db: Kysely<Database>, userId: string, attendanceId: number): Promise<boolean> {
  const result = await db.deleteFrom("meeting_attendance").where("id", "=", attendanceId).where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export const ATTENDANCE_PAGE_SIZE = 30;

/** The member's own log, newest first, keyset-paged by (attended_on, id). */
export async function listAttendance(db: Kysely<Database>, userId: string, after?: { day: string; id: number }) {
  let q = db
    .selectFrom("meeting_attendance")
    .leftJoin("meetings", "meetings.id", "meeting_attendance.meeting_id")
    .select(["meeting_attendance.id", "meeting_attendance.meeting_name", "meeting_attendance.attended_on", "meeting_attendance.meeting_id", "meetings.slug"])
    .where("meeting_attendance.user_id", "=", userId);
  if (after) {
    q = q.where((eb) =>
      eb.or([eb("meeting_attendance.attended_on", "<", after.day), eb.and([eb("meeting_attendance.attended_on", "=", after.day), eb("meeting_attendance.id", "<", after.id)])]),
    );
  }
  const rows = await q
    .orderBy("meeting_attendance.attended_on", "desc")
    .orderBy("meeting_attendance.id", "desc")
    .limit(ATTENDANCE_PAGE_SIZE + 1)
    .execute();
  return { rows: rows.slice(0, ATTENDANCE_PAGE_SIZE), more: rows.length > ATTENDANCE_PAGE_SIZE };
}

/**
 * Counts for the member's own view: days with a meeting in the last 90 days (toward "90 meetings
 * in 90 days", counted as meetings attended in that window), per week for the last 8 weeks, and
 * the days of a month for the calendar. One query.
 */
export async function attendanceSummary(db: Kysely<Database>, userId: string, userZone: string, month: string | null, now = clockNow()) {
  const today = toLocal(now, userZone).date;
  const ninetyStart = addDays(today, -89);
  const monthStart = month ?? today.slice(0, 7);
  const earliest = [ninetyStart, `${monthStart}-01`, addDays(today, -7 * 8)].sort()[0]!;
  const rows = await db.selectFrom("meeting_attendance").select(["attended_on"]).where("user_id", "=", userId).where("attended_on", ">=", earliest).execute();
  const ninety = rows.filter((r) => r.attended_on >= ninetyStart && r.attended_on <= today).length;
  // Weeks start on Monday, in the member's zone.
  const thisMonday = addDays(today, -((weekdayOf(today) + 6) % 7));
  const weeks = Array.from({ length: 8 }, (_, i) => {
    const start = addDays(thisMonday, -7 * i);
    const end = addDays(start, 6);
    return { start, count: rows.filter((r) => r.attended_on >= start && r.attended_on <= end).length };
  });
  const monthDays = new Map<string, number>();
  for (const r of rows) if (r.attended_on.startsWith(monthStart)) monthDays.set(r.attended_on, (monthDays.get(r.attended_on) ?? 0) + 1);
  return { today, ninety, ninetyStart, weeks, month: monthStart, monthDays: Object.fromEntries(monthDays) };
}

// ---------------------------------------------------------------- personal calendar feed

function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** A new secret for the member's personal feed; the old one stops working. Returns the secret (shown once in the URL). */
export async function regenerateCalendarToken(db: Kysely<Database>, userId: string, now = clockNow()): Promise<string> {
  const token = randomId(20);
  await inTransaction(db, async (tx) => {
    await tx.deleteFrom("calendar_tokens").where("user_id", "=", userId).execute();
    await tx
      .insertInto("calendar_tokens")
      .values({ user_id: userId, token_hash: hashToken(token), created_at: now.toISOString() })
      .execute();
  });
  return token;
}

export async function hasCalendarToken(db: Kysely<Database>, userId: string): Promise<boolean> {
  return !!(await db.selectFrom("calendar_tokens").select("user_id").where("user_id", "=", userId).executeTakeFirst());
}

export async function revokeCalendarToken(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom("calendar_tokens").where("user_id", "=", userId).execute();
}

export async function userForCalendarToken(db: Kysely<Database>, token: string): Promise<string | null> {
  if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
  const row = await db.selectFrom("calendar_tokens").select("user_id").where("token_hash", "=", hashToken(token)).executeTakeFirst();
  return row?.user_id ?? null;
}

// ---------------------------------------------------------------- the member's own data

/** Everything of the meetings area that is the member's own (for the data export). */
export async function exportMeetingData(db: Kysely<Database>, userId: string) {
  const [rsvps, attendance] = await Promise.all([
    db
      .selectFrom("meeting_rsvps as r")
      .innerJoin("meetings", "meetings.id", "r.meeting_id")
      .select(["meetings.name as meeting", "meetings.slug", "r.occurrence_date as date", "r.starts_at as startsAt", "r.created_at as createdAt"])
      .where("r.user_id", "=", userId)
      .orderBy("r.starts_at")
      .execute(),
    db
      .selectFrom("meeting_attendance")
      .select(["meeting_name as meeting", "attended_on as day", "occurrence_date as date", "created_at as recordedAt"])
      .where("user_id", "=", userId)
      .orderBy("attended_on")
      .orderBy("id")
      .execute(),
  ]);
  return { rsvps, attendance, calendarFeed: (await hasCalendarToken(db, userId)) ? "enabled (its secret address is not stored)" : "off" };
}

/** Groups whose meetings this viewer may add: the groups they moderate, or every group for admins. One query. */
export async function listManageableGroups(
  db: Kysely<Database>,
  viewer: Viewer,
): Promise<{ id: number; slug: string; name: string; visibility: GroupVisibility; area_served: string }[]> {
  if (!viewer) return [];
  if (viewer.role === "admin") return db.selectFrom("groups").select(["id", "slug", "name", "visibility", "area_served"]).orderBy("name").execute();
  return db
    .selectFrom("groups")
    .innerJoin("group_members", "group_members.group_id", "groups.id")
    .select(["groups.id", "groups.slug", "groups.name", "groups.visibility", "groups.area_served"])
    .where("group_members.user_id", "=", viewer.id)
    .where("group_members.role", "=", "moderator")
    .orderBy("groups.name")
    .execute();
}

/** Which of these occurrences of a meeting the member has logged as attended. One query. */
export async function attendedDates(db: Kysely<Database>, meetingId: number, userId: string, dates: string[]): Promise<Set<string>> {
  if (dates.length === 0) return new Set();
  const rows = await db
    .selectFrom("meeting_attendance")
    .select("occurrence_date")
    .where("user_id", "=", userId)
    .where("meeting_id", "=", meetingId)
    .where("occurrence_date", "in", dates)
    .execute();
  return new Set(rows.map((r) => r.occurrence_date!));
}

/** Takes back an "I attended" for a Harbor meeting's occurrence. */
export async function unrecordAttendance(db: Kysely<Database>, meetingId: number, date: string, userId: string): Promise<void> {
  await db.deleteFrom("meeting_attendance").where("user_id", "=", userId).where("meeting_id", "=", meetingId).where("occurrence_date", "=", date).execute();
}

/** The next occurrences of a meeting, exceptions not applied (for the seed and for tools). */
export function nextOccurrencesOf(meeting: Meeting, at: Date, count: number): Occurrence[] {
  return nextOccurrences(scheduleOf(meeting), at, count);
}
