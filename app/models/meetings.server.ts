/**
 * Meetings of groups: who may see them, create and edit (group moderators and site admins),
 * archive and delete (members going are told), the lists of a group's, the public and a member's
 * coming meetings, and the groups a viewer may add meetings to. A meeting's single dates:
 * meeting-occurrences.server.ts; RSVPs: meeting-rsvps.server.ts; the member's own attendance log
 * and personal feed: meeting-attendance.server.ts.
 *
 * Visibility follows the group: a public group's meetings are for everyone; a private or hidden
 * group's meetings — name, link and address alike — exist only for its members and site admins.
 * Times are local wall-clock plus zone (see app/utils/meeting-time.ts).
 */
import type { Kysely } from "kysely";
import type { Database, GroupRole, GroupVisibility } from "../../db/schema";
import type { MeetingsTable } from "../../db/schema/meetings";
import type { Selectable } from "kysely";
import { inTransaction, isUniqueViolation } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { slugify } from "../utils/group-labels";
import { meetsOn, nextOccurrences, occurrenceOn, type Occurrence, type Schedule } from "../utils/meeting-time";
import { RESERVED_MEETING_SLUGS } from "../utils/meeting-labels";
import type { MeetingInput } from "./meeting-input.server";
import type { Viewer } from "./groups.server";
import { groupReadableSql, mayReadGroup } from "../policy";
import { notify } from "./notify.server";
import { noteMeetingsChanged, refreshMeetingDates } from "./meeting-dates.server";

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
  if (!mayReadGroup(viewer, meeting.group_visibility, isMember)) return null;
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
    }).finally(noteMeetingsChanged);
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
  }).finally(noteMeetingsChanged);
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
  }).finally(noteMeetingsChanged);
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
  }).finally(noteMeetingsChanged);
}

/** A group's meetings the viewer may see (the group page and the group's feed). One query. */
export async function listGroupMeetings(db: Kysely<Database>, groupId: number): Promise<Meeting[]> {
  return db.selectFrom("meetings").selectAll().where("group_id", "=", groupId).where("archived_at", "is", null).orderBy("name").orderBy("id").execute();
}

/** Public groups' meetings (the site feeds). One query. */
export async function listPublicMeetings(db: Kysely<Database>): Promise<MeetingWithGroup[]> {
  return (await withGroup(db, null)
    .where(groupReadableSql(null, { id: "meetings.group_id", visibility: "groups.visibility" }))
    .where("meetings.archived_at", "is", null)
    .orderBy("meetings.name")
    .orderBy("meetings.id")
    .execute()) as MeetingWithGroup[];
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
  q = q.where(groupReadableSql(viewer, { id: "meetings.group_id", visibility: "groups.visibility", member: "gm.user_id" }));
  return q.orderBy("r.starts_at").limit(limit).execute();
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

/** The next occurrences of a meeting, exceptions not applied (for the seed and for tools). */
export function nextOccurrencesOf(meeting: Meeting, at: Date, count: number): Occurrence[] {
  return nextOccurrences(scheduleOf(meeting), at, count);
}
