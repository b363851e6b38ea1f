/**
 * The Meeting Guide JSON feed in and out: files that are not a feed refused, 12- and 24-hour
 * times, the sussexaa import with its report and a second import that updates instead of
 * duplicating, the export checked meeting by meeting and against the spec's rules (geographic
 * information included), and no private meeting or member name in it.
 */
import { isMeetingType } from "@code4recovery/spec";
import { beforeEach, describe, expect, it } from "vitest";
import { meetingGuideFeed } from "../../app/models/meeting-feeds.server";
import { FeedError, importFeed, normalizeFeedTime, parseFeed, MAX_FEED_BYTES } from "../../app/models/meeting-import.server";
import type { RawMeeting } from "../../app/models/meeting-input.server";
import { createMeeting } from "../../app/models/meetings.server";
import { rsvp } from "../../app/models/meeting-rsvps.server";
import { conferenceProvider, normalizePhone, PHONE_PATTERN } from "../../app/utils/meeting-labels";
import type { Group } from "../../db/schema";
import { makeGroup, makeUser, meetingInput } from "../factories";
import { seedDemo } from "../../db/seed";
import { useTestDatabase } from "../helpers/db";
import { expectSpecFeed, readSussexFeed } from "../helpers/meeting-guide-spec";

const t = useTestDatabase();
const ORIGIN = "https://harbor.example.org";

/** A valid meeting with a zoom link carrying a passcode. */
const valid = (raw: Partial<RawMeeting>) => meetingInput({ conferenceUrl: "https://zoom.us/j/123456789?pwd=abc", conferencePhone: "+16465588656,,123456789#", ...raw });

describe("Meeting Guide import and feed", () => {
  let group: Group;
  let sussex: Record<string, unknown>[];
  beforeEach(async () => {
    group = await makeGroup(t.db, { visibility: "public", name: "Sussex Intergroup" });
    sussex = readSussexFeed();
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
    expectSpecFeed(feed);
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

  it("publishes every public weekly meeting of the demo and of an intergroup's feed, each passing the spec's rules, geographic information included", async () => {
    await seedDemo(t.db);
    await t.db.updateTable("groups").set({ area_served: "Sussex County, DE, USA" }).where("id", "=", group.id).execute();
    await importFeed(t.db, sussex, { groupId: group.id, defaultTimeZone: "America/New_York", actorId: null });
    const feed = await meetingGuideFeed(t.db, ORIGIN);
    expectSpecFeed(feed);
    // None is dropped for want of a place: only one-off meetings and in-person meetings whose
    // location is closed for now stay out.
    const listable = await t.db
      .selectFrom("meetings")
      .innerJoin("groups", "groups.id", "meetings.group_id")
      .select(["meetings.slug", "meetings.attendance", "meetings.status"])
      .where("groups.visibility", "=", "public")
      .where("meetings.kind", "=", "weekly")
      .where("meetings.archived_at", "is", null)
      .execute();
    const expected = listable.filter((m) => !(m.status === "temporarily_closed" && m.attendance === "in_person")).map((m) => m.slug);
    expect(feed.map((m) => m.slug).sort()).toEqual(expected.sort());
    expect(feed.filter((m) => m.attendance_option === "online").length).toBeGreaterThan(0);
    expect(feed.filter((m) => m.approximate === "no").length).toBeGreaterThan(0);
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
