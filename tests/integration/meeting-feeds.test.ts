/**
 * The feeds: iCalendar checked with an independent parser (ical.js) including DST expansion and
 * EXDATE; the Meeting Guide JSON feed checked against the spec's rules; the sussexaa import, its
 * report, a second import that updates instead of duplicating, and a round trip meeting by meeting.
 */
import { readFileSync } from "node:fs";
import ICAL from "ical.js";
import { isMeetingType } from "@code4recovery/spec";
import { beforeEach, describe, expect, it } from "vitest";
import { buildCalendar, escapeText, foldLine } from "../../app/models/ical.server";
import { groupCalendar, meetingGuideFeed, personalCalendar, siteCalendar, type MeetingGuideMeeting } from "../../app/models/meeting-feeds.server";
import { FeedError, importFeed, normalizeFeedTime, parseFeed, MAX_FEED_BYTES } from "../../app/models/meeting-import.server";
import type { RawMeeting } from "../../app/models/meeting-input.server";
import { createMeeting, rsvp, scheduleOf, setOccurrence } from "../../app/models/meetings.server";
import { addMember } from "../../app/models/groups.server";
import { conferenceProvider, normalizePhone, PHONE_PATTERN } from "../../app/utils/meeting-labels";
import { isValidTimeZone } from "../../app/utils/time";
import type { Group } from "../../db/schema";
import { makeGroup, makeUser, meetingInput } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
const ORIGIN = "https://harbor.example.org";
const SUSSEX_PATH = process.env.HARBOR_SUSSEX_FEED ?? "/work/shared/fixtures/meeting-guide/sussexaa.json";

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
    await createMeeting(
      t.db,
      g.id,
      await valid({ name: "London Sunday", days: ["0"], startTime: "18:30", endTime: "19:30", timeZone: "Europe/London", attendance: "online" }),
      null,
      at,
    );
    await createMeeting(
      t.db,
      g.id,
      await valid({ name: "Sydney Monday", days: ["1"], startTime: "19:00", endTime: "20:00", timeZone: "Australia/Sydney", attendance: "online" }),
      null,
      at,
    );
    await createMeeting(
      t.db,
      g.id,
      await valid({ name: "Kolkata Friday", days: ["5"], startTime: "19:00", endTime: "20:00", timeZone: "Asia/Kolkata", attendance: "online" }),
      null,
      at,
    );
    await createMeeting(
      t.db,
      g.id,
      await valid({ name: "Adelaide Monday", days: ["1"], startTime: "07:00", endTime: "08:00", timeZone: "Australia/Adelaide", attendance: "online" }),
      null,
      at,
    );
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

/** The spec's rules a feed must follow (as the Meeting Guide validator checks them). */
function expectValidMeetingGuideFeed(feed: MeetingGuideMeeting[]) {
  const slugs = new Set<string>();
  for (const m of feed) {
    expect(typeof m.name).toBe("string");
    expect(m.name.length).toBeGreaterThan(0);
    expect(m.name.length).toBeLessThanOrEqual(255);
    expect(m.slug).toMatch(/^[a-z0-9-]{1,64}$/);
    expect(slugs.has(m.slug)).toBe(false);
    slugs.add(m.slug);
    for (const d of Array.isArray(m.day) ? m.day : [m.day]) expect([0, 1, 2, 3, 4, 5, 6]).toContain(d);
    expect(m.time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    expect(m.end_time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    expect(isValidTimeZone(m.timezone)).toBe(true);
    for (const type of m.types) expect(isMeetingType(type)).toBe(true);
    expect(m.updated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(m.url).toMatch(/^https?:\/\//);
    if (m.conference_url) expect(conferenceProvider(m.conference_url)).not.toBeNull();
    if (m.conference_phone) expect(m.conference_phone).toMatch(/^[0-9+,*#]+$/);
    // Listed somewhere: an address or a way to join online.
    expect(!!m.formatted_address || !!m.conference_url || !!m.conference_phone).toBe(true);
    if (m.latitude !== undefined) expect(typeof m.latitude).toBe("number");
  }
}

describe("Meeting Guide import and feed", () => {
  let group: Group;
  let sussex: Record<string, unknown>[];
  beforeEach(async () => {
    group = await makeGroup(t.db, { visibility: "public", name: "Sussex Intergroup" });
    sussex = JSON.parse(readFileSync(SUSSEX_PATH, "utf8"));
  });

  it("refuses files that are not a feed, with a clear message", () => {
    expect(() => parseFeed("<html>not json</html>")).toThrow(/isn't JSON/);
    expect(() => parseFeed('{"name":"x"}')).toThrow(/list of meetings/);
    expect(() => parseFeed(" ".repeat(MAX_FEED_BYTES + 1))).toThrow(FeedError);
  });

  it("reads 12-hour and 24-hour times", () => {
    expect(normalizeFeedTime("7:00 pm")).toBe("19:00");
    expect(normalizeFeedTime("12:00 AM")).toBe("00:00");
    expect(normalizeFeedTime("12 pm")).toBe("12:00");
    expect(normalizeFeedTime("19:30:00")).toBe("19:30");
    expect(normalizeFeedTime("25:00")).toBeNull();
    expect(normalizeFeedTime("noonish")).toBeNull();
  });

  it("imports the sussexaa feed with a report, and a second import updates instead of duplicating", async () => {
    const owner = await makeUser(t.db);
    const messy = [
      ...sussex,
      { name: "By Appointment", slug: "by-appointment", formatted_address: "1 Main St, Lewes, DE" },
      { name: "Twelve Hour", slug: "twelve-hour", day: ["1", "3"], time: "7:30 pm", formatted_address: "2 Main St, Lewes, DE", types: ["O", "XYZ"] },
      { name: "Nowhere", slug: "nowhere", day: 2, time: "19:00" },
      { name: "Bad Time", slug: "bad-time", day: 2, time: "25:00", formatted_address: "3 Main St" },
      "not a meeting",
    ];
    const report = await importFeed(t.db, messy, { groupId: group.id, defaultTimeZone: "America/New_York", actorId: owner.id });
    const stored = await t.db.selectFrom("meetings").selectAll().where("group_id", "=", group.id).execute();
    expect(report.added.length).toBe(stored.length);
    expect(report.added.length + report.skipped.length).toBe(messy.length);
    expect(report.skipped.map((s) => s.slug)).toEqual(expect.arrayContaining(["by-appointment", "nowhere", "bad-time"]));
    expect(report.skipped.find((s) => s.slug === "by-appointment")!.reason).toMatch(/no day/);
    expect(report.skipped.find((s) => s.slug === "nowhere")!.reason).toMatch(/neither an address nor an online/);
    expect(report.skipped.find((s) => s.slug === "bad-time")!.reason).toMatch(/25:00/);
    expect(report.skipped.find((s) => s.name === "Entry " + messy.length)!.reason).toMatch(/not a JSON object/);
    expect(report.unknownTypes.ONL).toBeGreaterThan(0);
    expect(report.unknownTypes.XYZ).toBe(1);
    expect(report.defaultZoneUsed).toBe(report.added.length);
    const twelve = stored.find((m) => m.slug === "twelve-hour")!;
    expect(twelve).toMatchObject({ days: "1,3", start_time: "19:30", end_time: "20:30", types: "O", time_zone: "America/New_York" });
    // Nearly all of Sussex's real meetings come in.
    expect(report.added.length).toBeGreaterThanOrEqual(sussex.length - 5);

    // The same feed again (without the extra meetings): nothing added or changed, every meeting's
    // `updated` kept, and the one meeting no longer in it listed as missing, not archived.
    const again = await importFeed(t.db, sussex, { groupId: group.id, defaultTimeZone: "America/New_York", actorId: owner.id }, new Date("2030-01-01T00:00:00Z"));
    expect(again.added).toEqual([]);
    expect(again.changed).toEqual([]);
    expect(again.unchanged.length).toBe(report.added.length - 1);
    expect(again.missing.map((m) => m.slug)).toEqual(["twelve-hour"]);
    expect(again.archived).toBe(0);
    const after = await t.db.selectFrom("meetings").select(["slug", "updated_at", "archived_at"]).where("group_id", "=", group.id).execute();
    expect(after.every((m) => m.archived_at === null && m.updated_at < "2030")).toBe(true);
    const count = await t.db
      .selectFrom("meetings")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("group_id", "=", group.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(stored.length);
  });

  it("exports the imported meetings back, meeting by meeting, as a valid Meeting Guide feed", async () => {
    await importFeed(t.db, sussex, { groupId: group.id, defaultTimeZone: "America/New_York", actorId: (await makeUser(t.db)).id });
    const feed = await meetingGuideFeed(t.db, ORIGIN);
    expectValidMeetingGuideFeed(feed);
    const bySlug = new Map(feed.map((m) => [m.slug, m]));
    let compared = 0;
    for (const original of sussex) {
      const out = bySlug.get(String(original.slug));
      if (!out) continue;
      compared += 1;
      const days = Array.isArray(original.day) ? original.day.map(Number) : [Number(original.day)];
      expect(out.name).toBe(original.name);
      expect(Array.isArray(out.day) ? out.day : [out.day]).toEqual(days.sort());
      expect(out.time).toBe(original.time);
      expect(out.end_time).toBe(original.end_time || undefined);
      expect(out.timezone).toBe("America/New_York");
      const types = ((original.types as string[]) ?? []).filter((c) => isMeetingType(c));
      expect([...out.types].sort()).toEqual([...new Set(types)].sort());
      expect(out.group).toBe((original.group as string) || "Sussex Intergroup");
      expect(out.notes ?? "").toBe(((original.notes as string) ?? "").trim());
      const url = (original.conference_url as string) ?? "";
      if (url && conferenceProvider(url)) expect(out.conference_url).toBe(url);
      const phone = normalizePhone((original.conference_phone as string) ?? "");
      if (phone && PHONE_PATTERN.test(phone)) expect(out.conference_phone).toBe(phone);
      if (out.approximate === "no") {
        expect(out.formatted_address).toBe(original.formatted_address);
        expect(out.location ?? "").toBe(((original.location as string) ?? "").trim());
        expect(out.latitude).toBeCloseTo(Number(original.latitude), 6);
      } else {
        // An online meeting: its area, never an address to go to.
        expect(out.attendance_option).toBe("online");
        expect(out.location).toBeUndefined();
        expect(out.latitude).toBeUndefined();
      }
    }
    expect(compared).toBeGreaterThanOrEqual(sussex.length - 5);
  });

  it("never carries private groups' meetings or member names", async () => {
    const priv = await makeGroup(t.db, { visibility: "hidden" });
    const person = await makeUser(t.db, { displayName: "Unmistakable Person" });
    const m = await createMeeting(t.db, priv.id, await valid({ name: "Hidden Circle" }), person.id);
    const pub = await createMeeting(t.db, group.id, await valid({ name: "Public With Attendee" }), person.id);
    await rsvp(t.db, pub, "2099-01-06", person.id);
    const text = JSON.stringify(await meetingGuideFeed(t.db, ORIGIN));
    expect(text).not.toContain("Hidden Circle");
    expect(text).not.toContain(m.slug);
    expect(text).not.toContain("Unmistakable Person");
    expect(text).not.toContain(person.email);
    expect(text).toContain("Public With Attendee");
  });
});
