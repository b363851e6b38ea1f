/**
 * The iCalendar feeds checked with an independent parser (ical.js): escaping and folding, weekly
 * meetings expanded across DST with EXDATE for a cancellation, a date's note in place of that
 * occurrence, meetings in London, Sydney, Kolkata and Adelaide, past midnight and one-off, the
 * personal feed and the site feed (public groups only).
 */
import ICAL from "ical.js";
import { beforeEach, describe, expect, it } from "vitest";
import { buildCalendar, escapeText, foldLine } from "../../app/models/ical.server";
import { groupCalendar, personalCalendar, siteCalendar } from "../../app/models/meeting-feeds.server";
import type { RawMeeting } from "../../app/models/meeting-input.server";
import { createMeeting, scheduleOf } from "../../app/models/meetings.server";
import { rsvp } from "../../app/models/meeting-rsvps.server";
import { setOccurrence } from "../../app/models/meeting-occurrences.server";
import { addMember } from "../../app/models/groups.server";
import type { Group } from "../../db/schema";
import { makeGroup, makeUser, meetingInput } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
const ORIGIN = "https://harbor.example.org";

/** A valid meeting with a zoom link carrying a passcode. */
const valid = (raw: Partial<RawMeeting>) => meetingInput({ conferenceUrl: "https://zoom.us/j/123456789?pwd=abc", conferencePhone: "+16465588656,,123456789#", ...raw });

interface Expanded {
  uid: string;
  summary: string;
  starts: string[];
}

/** Every event in the calendar, recurring ones expanded up to `until`, as UTC instants. */
function expand(text: string, until: string): Expanded[] {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const vtz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  const untilMs = Date.parse(until);
  // A date's own event (RECURRENCE-ID) stands in for that occurrence of its meeting's rule.
  const vevents = root.getAllSubcomponents("vevent");
  const overrides = vevents.filter((v) => v.hasProperty("recurrence-id"));
  return vevents
    .filter((v) => !v.hasProperty("recurrence-id"))
    .map((vevent) => {
      const event = new ICAL.Event(vevent);
      for (const o of overrides) if (o.getFirstPropertyValue("uid") === event.uid) event.relateException(o);
      const starts: string[] = [];
      if (event.isRecurring()) {
        const iterator = event.iterator();
        for (let next = iterator.next(); next && starts.length < 400; next = iterator.next()) {
          const start = event.getOccurrenceDetails(next).startDate.toJSDate();
          if (start.getTime() > untilMs) break;
          starts.push(start.toISOString());
        }
      } else {
        starts.push(event.startDate.toJSDate().toISOString());
      }
      return { uid: event.uid, summary: event.summary, starts };
    });
}

describe("iCalendar", () => {
  let group: Group;
  beforeEach(async () => {
    group = await makeGroup(t.db, { visibility: "public", name: "Feed Group" });
  });

  it("escapes text and folds long lines at 75 octets without splitting characters", () => {
    expect(escapeText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
    const long = "DESCRIPTION:" + "é".repeat(100);
    const folded = foldLine(long).split("\r\n");
    expect(folded.length).toBeGreaterThan(1);
    for (const line of folded) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((l) => l.startsWith(" "))).toBe(true);
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join("")).toBe(long);
  });

  it("writes a weekly meeting as one RRULE event that stays at 19:00 New York time across DST, with EXDATE for a cancellation", async () => {
    const created = new Date("2026-02-20T12:00:00Z");
    const meeting = await createMeeting(
      t.db,
      group.id,
      await valid({ name: "Tuesday Night Hope, the long-standing one; with notes", notes: "Bring a friend.\nCoffee at 6:45." }),
      null,
      created,
    );
    await setOccurrence(t.db, meeting, "2026-03-17", { cancelled: true, reason: "Hall closed", note: "" }, (await makeUser(t.db)).id, created);
    const text = await groupCalendar(t.db, group, ORIGIN, new Date("2026-02-21T00:00:00Z"));
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "").includes("\n")).toBe(false);
    for (const line of text.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const unfolded = text.replace(/\r\n /g, "");
    expect(unfolded).toContain("RRULE:FREQ=WEEKLY;BYDAY=TU");
    expect(unfolded).toContain("DTSTART;TZID=America/New_York:20260224T190000");
    expect(unfolded).toContain("EXDATE;TZID=America/New_York:20260317T190000");
    expect(unfolded).toContain(`UID:meeting-${meeting.id}@harbor.example.org`);
    expect(unfolded).toContain("CONFERENCE;VALUE=URI;FEATURE=VIDEO,AUDIO;LABEL=Join online:https://zoom.us/j/123456789?pwd=abc");
    expect(unfolded).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
    expect(unfolded).toContain("BEGIN:VTIMEZONE\r\nTZID:America/New_York");

    const [event] = expand(text, "2026-04-01T00:00:00Z");
    expect(event!.summary).toBe("Tuesday Night Hope, the long-standing one; with notes");
    expect(event!.starts).toEqual([
      "2026-02-25T00:00:00.000Z", // 24 Feb, EST
      "2026-03-04T00:00:00.000Z", // 3 March, EST
      "2026-03-10T23:00:00.000Z", // 10 March, EDT (clocks went forward on the 8th)
      // 17 March cancelled
      "2026-03-24T23:00:00.000Z",
      "2026-03-31T23:00:00.000Z",
    ]);
    // And back in November.
    const [autumn] = expand(text, "2026-11-12T00:00:00Z");
    expect(autumn!.starts.slice(-3)).toEqual(["2026-10-27T23:00:00.000Z", "2026-11-04T00:00:00.000Z", "2026-11-11T00:00:00.000Z"]);
  });

  it("carries a date's note as an event for that date alone, in place of that occurrence, and leaves old notes out", async () => {
    const created = new Date("2026-02-20T12:00:00Z");
    const g = await makeGroup(t.db, { visibility: "public" });
    const meeting = await createMeeting(t.db, g.id, await valid({ name: "Noted Tuesday" }), null, created);
    const moderator = (await makeUser(t.db)).id;
    await setOccurrence(t.db, meeting, "2026-03-10", { cancelled: false, reason: "", note: "Room 4 this week; bring a chair" }, moderator, created);
    await setOccurrence(t.db, meeting, "2026-03-17", { cancelled: true, reason: "Hall closed", note: "" }, moderator, created);
    const text = await groupCalendar(t.db, g, ORIGIN, new Date("2026-03-01T00:00:00Z"));
    const unfolded = text.replace(/\r\n /g, "");
    expect(unfolded).toContain("RECURRENCE-ID;TZID=America/New_York:20260310T190000");
    expect(unfolded).not.toContain("RECURRENCE-ID;TZID=America/New_York:20260317T190000");

    // An independent parser sees the note on that date only, at the same time, and the rule intact.
    const root = new ICAL.Component(ICAL.parse(text));
    for (const vtz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
    const [master, override] = root.getAllSubcomponents("vevent");
    const event = new ICAL.Event(master!);
    event.relateException(override!);
    const iterator = event.iterator();
    const seen: { start: string; description: string }[] = [];
    for (let next = iterator.next(); next && seen.length < 5; next = iterator.next()) {
      const details = event.getOccurrenceDetails(next);
      seen.push({ start: details.startDate.toJSDate().toISOString(), description: String(details.item.description) });
    }
    expect(seen.map((o) => o.start)).toEqual([
      "2026-02-25T00:00:00.000Z",
      "2026-03-04T00:00:00.000Z",
      "2026-03-10T23:00:00.000Z",
      "2026-03-24T23:00:00.000Z",
      "2026-03-31T23:00:00.000Z",
    ]);
    expect(seen.map((o) => o.description.includes("This time: Room 4 this week; bring a chair"))).toEqual([false, false, true, false, false]);
    expect(expand(text, "2026-04-01T00:00:00Z").map((e) => e.summary)).toEqual(["Noted Tuesday"]);

    // A month and more after the date, the note is no longer carried.
    expect(await groupCalendar(t.db, g, ORIGIN, new Date("2026-04-20T00:00:00Z"))).not.toContain("RECURRENCE-ID");
  });

  it("expands London, Sydney, Kolkata and Adelaide meetings at their local times", async () => {
    const g = await makeGroup(t.db, { visibility: "public" });
    const at = new Date("2026-03-20T00:00:00Z");
    const cities: Partial<RawMeeting>[] = [
      { name: "London Sunday", days: ["0"], startTime: "18:30", endTime: "19:30", timeZone: "Europe/London" },
      { name: "Sydney Monday", days: ["1"], startTime: "19:00", endTime: "20:00", timeZone: "Australia/Sydney" },
      { name: "Kolkata Friday", days: ["5"], startTime: "19:00", endTime: "20:00", timeZone: "Asia/Kolkata" },
      { name: "Adelaide Monday", days: ["1"], startTime: "07:00", endTime: "08:00", timeZone: "Australia/Adelaide" },
    ];
    for (const city of cities) await createMeeting(t.db, g.id, await valid({ ...city, attendance: "online" }), null, at);
    const events = expand(await groupCalendar(t.db, g, ORIGIN, at), "2026-04-08T00:00:00Z");
    const by = (name: string) => events.find((e) => e.summary === name)!.starts;
    expect(by("London Sunday")).toEqual(["2026-03-22T18:30:00.000Z", "2026-03-29T17:30:00.000Z", "2026-04-05T17:30:00.000Z"]);
    expect(by("Sydney Monday")).toEqual(["2026-03-23T08:00:00.000Z", "2026-03-30T08:00:00.000Z", "2026-04-06T09:00:00.000Z"]);
    expect(by("Kolkata Friday")).toEqual(["2026-03-20T13:30:00.000Z", "2026-03-27T13:30:00.000Z", "2026-04-03T13:30:00.000Z"]);
    // Adelaide: +10:30 until 5 April, then +9:30.
    expect(by("Adelaide Monday")).toEqual(["2026-03-22T20:30:00.000Z", "2026-03-29T20:30:00.000Z", "2026-04-05T21:30:00.000Z"]);
  });

  it("keeps a 23:30–00:30 meeting's end on the next day and a one-off meeting single", async () => {
    const input = await valid({ name: "Midnight", startTime: "23:30", endTime: "00:30", attendance: "online" });
    const meeting = {
      id: 9,
      slug: "midnight",
      group_id: 1,
      created_by: null,
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: "2026-01-01T00:00:00.000Z",
      name: input.name,
      notes: "",
      kind: "weekly" as const,
      days: "2",
      one_off_date: null,
      start_time: "23:30",
      end_time: "00:30",
      time_zone: "America/New_York",
      attendance: "online" as const,
      location_name: "",
      address: "",
      location_notes: "",
      latitude: null,
      longitude: null,
      conference_url: input.conferenceUrl,
      conference_url_notes: "",
      conference_phone: "",
      conference_phone_notes: "",
      types: "",
      status: "active" as const,
      feed_slug: "midnight",
      area: "",
      region: "",
      meeting_group: "",
      group_notes: "",
      contacts: "",
      website: "",
      feedback_url: "",
      venmo: "",
      paypal: "",
      square: "",
      archived_at: null,
      sequence: 0,
    };
    const once = { ...meeting, id: 10, slug: "reunion", name: "Reunion", kind: "one_off" as const, days: "", one_off_date: "2026-06-13", start_time: "14:00", end_time: "17:00" };
    const text = buildCalendar({
      name: "Test",
      host: "h",
      now: new Date("2026-01-01T00:00:00Z"),
      meetings: [
        { meeting, schedule: scheduleOf(meeting), groupName: "G", url: "u", cancelled: [] },
        { meeting: once, schedule: scheduleOf(once), groupName: "G", url: "u", cancelled: [] },
      ],
    });
    expect(text).toContain("DTSTART;TZID=America/New_York:20260106T233000");
    expect(text).toContain("DTEND;TZID=America/New_York:20260107T003000");
    const events = expand(text, "2026-12-31T00:00:00Z");
    expect(events.find((e) => e.summary === "Reunion")!.starts).toEqual(["2026-06-13T18:00:00.000Z"]);
  });

  it("gives the personal feed the occurrences the member is going to, and only of meetings they may still see", async () => {
    const member = await makeUser(t.db);
    const priv = await makeGroup(t.db, { visibility: "private" });
    await addMember(t.db, priv.id, member.id);
    const now = new Date("2026-06-01T12:00:00Z");
    const open = await createMeeting(t.db, group.id, await valid({ name: "Open Meeting" }), null, now);
    const secret = await createMeeting(t.db, priv.id, await valid({ name: "Private Meeting" }), null, now);
    await rsvp(t.db, open, "2026-06-02", member.id, now);
    await rsvp(t.db, secret, "2026-06-09", member.id, now);
    const viewer = { id: member.id, role: "member" };
    const events = expand(await personalCalendar(t.db, viewer, ORIGIN, now), "2027-01-01T00:00:00Z");
    expect(events.map((e) => [e.summary, e.starts[0]])).toEqual([
      ["Open Meeting", "2026-06-02T23:00:00.000Z"],
      ["Private Meeting", "2026-06-09T23:00:00.000Z"],
    ]);
    await t.db.deleteFrom("group_members").where("group_id", "=", priv.id).where("user_id", "=", member.id).execute();
    const after = expand(await personalCalendar(t.db, viewer, ORIGIN, now), "2027-01-01T00:00:00Z");
    expect(after.map((e) => e.summary)).toEqual(["Open Meeting"]);
  });

  it("leaves private groups' meetings out of the site feed", async () => {
    await createMeeting(t.db, group.id, await valid({ name: "For Everyone" }), null);
    const priv = await makeGroup(t.db, { visibility: "private" });
    await createMeeting(t.db, priv.id, await valid({ name: "Not For The Site Feed" }), null);
    const text = await siteCalendar(t.db, ORIGIN);
    expect(text).not.toContain("Not For The Site Feed");
    expect(text).toContain("Feed Group");
  });
});
