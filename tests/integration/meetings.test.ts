/**
 * The meetings data layer on the real database: validation, who may see what, the directory in
 * the viewer's zone, occurrence exceptions, RSVPs (and who is told of changes), the private
 * attendance log and the personal feed's secret.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateMeeting, type RawMeeting } from "../../app/models/meeting-input.server";
import {
  attendanceSummary,
  exportMeetingData,
  recordAttendance,
  recordOutsideAttendance,
  regenerateCalendarToken,
  userForCalendarToken,
  listAttendance,
  AttendanceError,
} from "../../app/models/meeting-attendance.server";
import { createMeeting, DuplicateMeetingSlugError, getMeetingAccess, updateMeeting } from "../../app/models/meetings.server";
import { listGoing, listRsvpsStartingBetween, rsvp, RsvpError } from "../../app/models/meeting-rsvps.server";
import { setOccurrence, upcomingOccurrences } from "../../app/models/meeting-occurrences.server";
import { addMember } from "../../app/models/groups.server";
import { resetClock, setClock } from "../../app/utils/clock.server";
import type { Group } from "../../db/schema";
import { BASE_MEETING, makeGroup, makeUser, meetingInput } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { storedNotifications } from "../helpers/notifications";

const t = useTestDatabase();

const valid = (raw: Partial<RawMeeting> = {}) => meetingInput(raw);

afterEach(() => resetClock());

describe("validation", () => {
  it("accepts a hybrid weekly meeting and normalises the phone", async () => {
    const input = await valid();
    expect(input).toMatchObject({ kind: "weekly", days: [2], attendance: "hybrid", conferencePhone: "+16465588656,,123456789#", types: ["D", "O"] });
  });

  it.each([
    [{ startTime: "25:00" }, "startTime", /24-hour/],
    [{ startTime: "19:00", endTime: "18:00" }, "endTime", /ends before it starts/],
    [{ startTime: "19:00", endTime: "19:00" }, "endTime", /same/],
    [{ timeZone: "Mars/Olympus_Mons" }, "timeZone", /time zone we know/],
    [{ conferenceUrl: "https://evil.example.com/zoom.us/j/1" }, "conferenceUrl", /video service/],
    [{ conferenceUrl: "javascript:alert(1)" }, "conferenceUrl", /video service/],
    [{ conferencePhone: "1-800-CALL-NOW" }, "conferencePhone", /only digits/],
    [{ types: ["O", "NOPE"] }, "types", /NOPE/],
    [{ days: [] }, "days", /at least one day/],
    [{ kind: "one_off", date: "2026-02-30" }, "date", /doesn't exist/],
    [{ attendance: "online", conferenceUrl: "", conferencePhone: "" }, "conferenceUrl", /video link or a dial-in/],
    [{ attendance: "in_person", address: "" }, "address", /street address/],
    [{ latitude: "91", longitude: "10" }, "latitude", /-90 to 90/],
    [{ name: "" }, "name", /name/],
  ])("rejects %o at %s", (raw, field, message) => {
    const result = validateMeeting({ ...BASE_MEETING, ...(raw as Partial<RawMeeting>) });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[field as keyof typeof result.errors]).toMatch(message);
  });

  it("allows a meeting past midnight (23:30 to 00:30) and defaults a missing end to one hour", async () => {
    expect((await valid({ startTime: "23:30", endTime: "00:30" })).endTime).toBe("00:30");
    expect((await valid({ endTime: "" })).endTime).toBe("20:00");
  });

  it("drops the address of an online meeting and the link of an in-person one", async () => {
    expect(await valid({ attendance: "online" })).toMatchObject({ address: "", locationName: "", conferenceUrl: BASE_MEETING.conferenceUrl });
    expect(await valid({ attendance: "in_person" })).toMatchObject({ conferenceUrl: "", conferencePhone: "", address: BASE_MEETING.address });
  });
});

describe("meetings in groups", () => {
  let groups: Record<"public" | "private" | "hidden", Group>;
  let member: { id: string; role: string };
  let moderator: { id: string; role: string };
  let outsider: { id: string; role: string };
  let admin: { id: string; role: string };

  beforeEach(async () => {
    groups = {
      public: await makeGroup(t.db, { visibility: "public", name: "Harbor Lights" }),
      private: await makeGroup(t.db, { visibility: "private", name: "Benzo Circle" }),
      hidden: await makeGroup(t.db, { visibility: "hidden", name: "Quiet Room" }),
    };
    const m = await makeUser(t.db, { timeZone: "Europe/London" });
    const mod = await makeUser(t.db);
    const o = await makeUser(t.db);
    const a = await makeUser(t.db, { role: "admin" });
    member = { id: m.id, role: "member" };
    moderator = { id: mod.id, role: "member" };
    outsider = { id: o.id, role: "member" };
    admin = { id: a.id, role: "admin" };
    for (const g of Object.values(groups)) {
      await addMember(t.db, g.id, member.id);
      await addMember(t.db, g.id, moderator.id, "moderator");
    }
  });

  it("gives each meeting a unique slug and refuses a taken one", async () => {
    const a = await createMeeting(t.db, groups.public.id, await valid({ name: "Slug Test" }), moderator.id);
    const b = await createMeeting(t.db, groups.public.id, await valid({ name: "Slug Test" }), moderator.id);
    expect(a.slug).toBe("slug-test");
    expect(b.slug).toBe("slug-test-2");
    await expect(createMeeting(t.db, groups.public.id, await valid({ name: "Other", slug: "slug-test" }), moderator.id)).rejects.toBeInstanceOf(DuplicateMeetingSlugError);
  });

  it("shows a private or hidden group's meetings to members and admins only", async () => {
    for (const kind of ["public", "private", "hidden"] as const) {
      const meeting = await createMeeting(t.db, groups[kind].id, await valid({ name: `Visible ${kind}` }), moderator.id);
      const seen = async (viewer: { id: string; role: string } | null) => (await getMeetingAccess(t.db, meeting.slug, viewer)) !== null;
      expect(await seen(null)).toBe(kind === "public");
      expect(await seen(outsider)).toBe(kind === "public");
      expect(await seen(member)).toBe(true);
      expect(await seen(admin)).toBe(true);
      expect((await getMeetingAccess(t.db, meeting.slug, moderator))?.canManage).toBe(true);
      expect((await getMeetingAccess(t.db, meeting.slug, member))?.canManage).toBe(false);
      expect((await getMeetingAccess(t.db, meeting.slug, admin))?.canManage).toBe(true);
    }
  });

  it("cancels an occurrence (telling who is going), refuses RSVPs to it and to past ones, and lists RSVPs for reminders", async () => {
    const g = await makeGroup(t.db, { visibility: "public" });
    const meeting = await createMeeting(t.db, g.id, await valid({ name: "Reminder Test" }), moderator.id);
    const now = new Date("2026-06-01T12:00:00Z"); // Monday
    await rsvp(t.db, meeting, "2026-06-02", member.id, now);
    await rsvp(t.db, meeting, "2026-06-02", member.id, now); // twice is once
    await rsvp(t.db, meeting, "2026-06-09", member.id, now);
    await rsvp(t.db, meeting, "2026-06-02", outsider.id, now);
    await expect(rsvp(t.db, meeting, "2026-06-03", member.id, now)).rejects.toBeInstanceOf(RsvpError);
    await expect(rsvp(t.db, meeting, "2026-05-26", member.id, now)).rejects.toThrow(/already started/);
    const going = await listGoing(t.db, meeting.id, ["2026-06-02"]);
    expect(
      going
        .get("2026-06-02")
        ?.map((p) => p.id)
        .sort(),
    ).toEqual([member.id, outsider.id].sort());

    // 19:00 New York (EDT) on 2 June is 23:00Z.
    const soon = await listRsvpsStartingBetween(t.db, "2026-06-02T22:00:00.000Z", "2026-06-03T00:00:00.000Z");
    expect(
      soon
        .filter((r) => r.meetingId === meeting.id)
        .map((r) => [r.occurrenceDate, r.startsAt])
        .sort(),
    ).toEqual([
      ["2026-06-02", "2026-06-02T23:00:00.000Z"],
      ["2026-06-02", "2026-06-02T23:00:00.000Z"],
    ]);

    await setOccurrence(t.db, meeting, "2026-06-02", { cancelled: true, reason: "The hall is closed for repairs.", note: "" }, moderator.id, now);
    const told = await storedNotifications(t.db, "meeting_change");
    expect(told.map((n) => n.userId).sort()).toEqual([member.id, outsider.id].sort());
    for (const n of told) expect(n.data).toMatchObject({ change: "cancelled", date: "2026-06-02", reason: "The hall is closed for repairs." });
    await expect(rsvp(t.db, meeting, "2026-06-02", admin.id, now)).rejects.toThrow(/cancelled/);
    expect((await listRsvpsStartingBetween(t.db, "2026-06-02T22:00:00.000Z", "2026-06-03T00:00:00.000Z")).filter((r) => r.meetingId === meeting.id)).toHaveLength(0);
    const [first, second] = await upcomingOccurrences(t.db, meeting, 2, now);
    expect(first).toMatchObject({ date: "2026-06-02", cancelled: true, cancelReason: "The hall is closed for repairs." });
    expect(second).toMatchObject({ date: "2026-06-09", cancelled: false });

    await setOccurrence(t.db, meeting, "2026-06-09", { cancelled: false, reason: "", note: "This week in room 2." }, moderator.id, now);
    expect((await upcomingOccurrences(t.db, meeting, 2, now))[1]).toMatchObject({ note: "This week in room 2." });
    await expect(setOccurrence(t.db, meeting, "2026-06-10", { cancelled: true, reason: "x", note: "" }, moderator.id, now)).rejects.toThrow(/doesn't meet/);
  });

  it("moves RSVPs with the meeting and tells who is going when it moves", async () => {
    const g = await makeGroup(t.db, { visibility: "public" });
    const meeting = await createMeeting(t.db, g.id, await valid({ name: "Mover", days: ["2", "4"] }), moderator.id);
    const now = new Date("2026-06-01T12:00:00Z");
    await rsvp(t.db, meeting, "2026-06-02", member.id, now);
    await rsvp(t.db, meeting, "2026-06-04", member.id, now);
    // Now only Thursdays, at 18:00.
    await updateMeeting(t.db, meeting.id, await valid({ name: "Mover", days: ["4"], startTime: "18:00", endTime: "19:00" }), moderator.id, now);
    const rows = await t.db.selectFrom("meeting_rsvps").selectAll().where("meeting_id", "=", meeting.id).execute();
    expect(rows.map((r) => [r.occurrence_date, r.starts_at])).toEqual([["2026-06-04", "2026-06-04T22:00:00.000Z"]]);
    const told = await storedNotifications(t.db);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ userId: member.id, type: "meeting_change", data: { change: "moved" } });
  });

  it("keeps attendance private to the member, counts toward 90 in 90, and refuses the future", async () => {
    const g = await makeGroup(t.db, { visibility: "public" });
    const meeting = await createMeeting(t.db, g.id, await valid({ name: "Attendance Test" }), moderator.id);
    const user = await makeUser(t.db, { timeZone: "Europe/London" });
    const now = new Date("2026-06-03T12:00:00Z");
    // Tuesday 2 June 19:00 New York = 00:00 Wednesday in London: it counts for the member's Wednesday.
    await recordAttendance(t.db, meeting, "2026-06-02", user.id, "Europe/London", now);
    await recordAttendance(t.db, meeting, "2026-06-02", user.id, "Europe/London", now); // once
    await expect(recordAttendance(t.db, meeting, "2026-06-09", user.id, "Europe/London", now)).rejects.toBeInstanceOf(AttendanceError);
    await recordOutsideAttendance(t.db, user.id, "Thursday Big Book at St. Luke's", "2026-05-28", "Europe/London", now);
    await expect(recordOutsideAttendance(t.db, user.id, "Tomorrow", "2026-06-04", "Europe/London", now)).rejects.toThrow(/future/);
    const { rows } = await listAttendance(t.db, user.id);
    expect(rows.map((r) => [r.meeting_name, r.attended_on])).toEqual([
      ["Attendance Test", "2026-06-03"],
      ["Thursday Big Book at St. Luke's", "2026-05-28"],
    ]);
    const summary = await attendanceSummary(t.db, user.id, "Europe/London", null, now);
    expect(summary.ninety).toBe(2);
    expect(summary.weeks[0]).toEqual({ start: "2026-06-01", count: 1 });
    expect(summary.weeks[1]).toEqual({ start: "2026-05-25", count: 1 });
    expect(summary.monthDays).toEqual({ "2026-06-03": 1 });
    expect((await listAttendance(t.db, member.id)).rows).toHaveLength(0);
    const exported = await exportMeetingData(t.db, user.id);
    expect(exported.attendance).toHaveLength(2);
  });

  it("gives a personal feed secret that stops working once regenerated", async () => {
    const first = await regenerateCalendarToken(t.db, member.id);
    expect(await userForCalendarToken(t.db, first)).toBe(member.id);
    const second = await regenerateCalendarToken(t.db, member.id);
    expect(await userForCalendarToken(t.db, first)).toBeNull();
    expect(await userForCalendarToken(t.db, second)).toBe(member.id);
    expect(await userForCalendarToken(t.db, "not-a-token")).toBeNull();
  });

  it("uses the test clock by default", async () => {
    setClock("2026-06-01T12:00:00Z");
    const g = await makeGroup(t.db, { visibility: "public" });
    const meeting = await createMeeting(t.db, g.id, await valid({ name: "Clocked" }), moderator.id);
    expect(meeting.created_at).toMatch(/^2026-06-01T12:00:0/);
  });
});
