/**
 * Import that keeps a directory in sync, and the feed out as the spec requires it (issue 21):
 * places and attendance, per-group slugs with stable public addresses, the sync report and
 * archiving, bad values reported, contact fields, every published meeting with geographic
 * information, a round trip import → /api/meetings.json → import giving identical meetings, and
 * iCalendar SEQUENCE / TC dates / a 2037 date that doesn't drift. Each test makes its own data.
 */
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import * as guideFeed from "../../app/routes/api.meetings[.json]/route";
import { meetingCalendar, type MeetingGuideMeeting } from "../../app/models/meeting-feeds.server";
import { importFeed } from "../../app/models/meeting-import.server";
import { getMeetingById } from "../../app/models/meetings.server";
import { recordAttendance } from "../../app/models/meeting-attendance.server";
import { setOccurrence } from "../../app/models/meeting-occurrences.server";
import { listDirectory } from "../../app/models/meeting-directory.server";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { expectSpecMeeting, readSussexFeed } from "../helpers/meeting-guide-spec";
import { get } from "../helpers/requests";

const t = useTestDatabase();
const ZONE = "America/Chicago";
const ZOOM = "https://zoom.us/j/123456789";

async function publicGroup(areaServed = "") {
  const group = await makeGroup(t.db, { visibility: "public" });
  if (areaServed) await t.db.updateTable("groups").set({ area_served: areaServed }).where("id", "=", group.id).execute();
  return group;
}

const meeting = (slug: string, extra: Record<string, unknown>) => ({ name: `Meeting ${slug}`, slug, day: 2, time: "19:00", end_time: "20:00", timezone: ZONE, ...extra });

async function feed(): Promise<MeetingGuideMeeting[]> {
  const response = (await guideFeed.loader({ request: get("/api/meetings.json"), params: {}, context: {} as never })) as Response;
  return (await response.json()) as MeetingGuideMeeting[];
}

async function stored(groupId: number) {
  return t.db.selectFrom("meetings").selectAll().where("group_id", "=", groupId).orderBy("feed_slug").execute();
}

describe("importing places and attendance", () => {
  it("imports an online meeting whose address is only a city as online, keeping the city as its area", async () => {
    const group = await publicGroup();
    const report = await importFeed(
      t.db,
      [
        meeting("sf-online", { formatted_address: "San Francisco, CA, USA", conference_url: ZOOM }),
        meeting("marin", { formatted_address: "Marin, CA, USA", conference_phone: "+1 415 555 0100" }),
        meeting("hall", { formatted_address: "5 Main St, Lewes, DE 19958, USA", conference_url: ZOOM }),
        meeting("nowhere-city", { formatted_address: "Dover, DE, USA" }),
        meeting("said-inactive", { formatted_address: "6 Main St, Lewes, DE", attendance_option: "inactive" }),
      ],
      { groupId: group.id, defaultTimeZone: ZONE, actorId: null },
    );
    expect(report.skipped.map((s) => [s.slug, s.reason])).toEqual([
      ["nowhere-city", expect.stringMatching(/only approximate/)],
      ["said-inactive", expect.stringMatching(/inactive/)],
    ]);
    const rows = await stored(group.id);
    expect(rows.map((m) => [m.feed_slug, m.attendance, m.address, m.area])).toEqual([
      ["hall", "hybrid", "5 Main St, Lewes, DE 19958, USA", ""],
      ["marin", "online", "", "Marin, CA, USA"],
      ["sf-online", "online", "", "San Francisco, CA, USA"],
    ]);
    const out = (await feed()).filter((m) => rows.some((r) => r.slug === m.slug));
    const bySlug = new Map(out.map((m) => [m.slug, m]));
    expect(bySlug.get("sf-online")).toMatchObject({ formatted_address: "San Francisco, CA, USA", approximate: "yes", attendance_option: "online" });
    expect(bySlug.get("sf-online")!.location).toBeUndefined();
    expect(bySlug.get("hall")).toMatchObject({ formatted_address: "5 Main St, Lewes, DE 19958, USA", approximate: "no", attendance_option: "hybrid" });
    out.forEach(expectSpecMeeting);
  });

  it("publishes an online meeting without a place of its own under its group's area served", async () => {
    const group = await publicGroup("Chicago, IL, USA");
    await importFeed(t.db, [meeting("zoom-only", { conference_url: ZOOM })], { groupId: group.id, defaultTimeZone: ZONE, actorId: null });
    const [row] = await stored(group.id);
    const out = (await feed()).find((m) => m.slug === row!.slug)!;
    expect(out).toMatchObject({ formatted_address: "Chicago, IL, USA", approximate: "yes" });
    expectSpecMeeting(out);
  });

  it("makes names and notes plain text, reads types given as text, and reports bad values", async () => {
    const group = await publicGroup();
    const report = await importFeed(
      t.db,
      [
        meeting("tags", { name: "<b>Hope</b> Group", notes: "<p>Ring the buzzer</p>", types: "O, D", formatted_address: "7 Main St, Lewes, DE" }),
        meeting("bad-end", { end_time: "8ish", formatted_address: "8 Main St, Lewes, DE" }),
        meeting("early-end", { time: "19:00", end_time: "09:00", formatted_address: "9 Main St, Lewes, DE" }),
        meeting("est", { timezone: "EST", formatted_address: "10 Main St, Lewes, DE" }),
        meeting("short-phone", { conference_phone: "+11", formatted_address: "Lewes, DE" }),
        meeting("odd-types", { types: 5, formatted_address: "11 Main St, Lewes, DE" }),
      ],
      { groupId: group.id, defaultTimeZone: ZONE, actorId: null },
    );
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.slug, s.reason]));
    expect(reasons["bad-end"]).toMatch(/end time "8ish" can't be read/);
    expect(reasons["early-end"]).toMatch(/ends before it starts/);
    expect(reasons.est).toMatch(/"EST" is an abbreviation/);
    expect(reasons["short-phone"]).toMatch(/approximate/);
    expect(report.warnings.find((w) => w.slug === "short-phone")!.message).toMatch(/Left out the phone "\+11": That isn't a whole phone number/);
    expect(
      report.warnings
        .filter((w) => w.slug === "tags")
        .map((w) => w.message)
        .join(" "),
    ).toMatch(/tags removed/);
    expect(report.warnings.find((w) => w.slug === "odd-types")!.message).toMatch(/types/);
    const rows = await stored(group.id);
    expect(rows.find((m) => m.feed_slug === "tags")).toMatchObject({ name: "Hope Group", notes: "Ring the buzzer", types: "D,O" });
    expect(rows.map((m) => m.feed_slug).sort()).toEqual(["odd-types", "tags"]);
  });

  it("keeps the spec's group and contact fields without last names, and carries them in the feed", async () => {
    const group = await publicGroup();
    const report = await importFeed(
      t.db,
      [
        meeting("contacts", {
          formatted_address: "12 Main St, Lewes, DE",
          group: "Serenity Group",
          group_notes: "Business meeting monthly.",
          contact_1_name: "John Smith",
          contact_1_email: "john@example.org",
          contact_1_phone: "+1 302 555 0101",
          contact_2_name: "Sam R.",
          website: "https://serenity.example.org",
          feedback_url: "https://intergroup.example.org/feedback",
          venmo: "SerenityGroup",
          paypal: "SerenityGroup",
          square: "$Serenity",
        }),
      ],
      { groupId: group.id, defaultTimeZone: ZONE, actorId: null },
    );
    expect(report.warnings.map((w) => w.message).join(" ")).toMatch(/no last names/);
    const [row] = await stored(group.id);
    expect(JSON.parse(row!.contacts)).toEqual([
      { name: "John S.", email: "john@example.org", phone: "+13025550101" },
      { name: "Sam R.", email: "", phone: "" },
    ]);
    const out = (await feed()).find((m) => m.slug === row!.slug)!;
    expect(out).toMatchObject({
      group: "Serenity Group",
      group_notes: "Business meeting monthly.",
      contact_1_name: "John S.",
      contact_2_name: "Sam R.",
      venmo: "@SerenityGroup",
      paypal: "SerenityGroup",
      square: "$Serenity",
      website: "https://serenity.example.org",
    });
    expect(JSON.stringify(out)).not.toContain("Smith");
  });
});

describe("keeping a directory in sync", () => {
  it("lets two groups' feeds use the same slugs, with public addresses that stay put", async () => {
    const first = await publicGroup();
    const second = await publicGroup();
    const items = [meeting("6", { formatted_address: "1 Oak St, Lewes, DE" }), meeting("8", { formatted_address: "2 Oak St, Lewes, DE" })];
    const a = await importFeed(t.db, items, { groupId: first.id, defaultTimeZone: ZONE, actorId: null });
    const b = await importFeed(t.db, items, { groupId: second.id, defaultTimeZone: ZONE, actorId: null });
    expect(a.added).toHaveLength(2);
    expect(b.added).toHaveLength(2);
    expect(b.skipped).toEqual([]);
    const slugsB = (await stored(second.id)).map((m) => m.slug);
    expect(new Set([...(await stored(first.id)).map((m) => m.slug), ...slugsB]).size).toBe(4);
    const again = await importFeed(t.db, items, { groupId: second.id, defaultTimeZone: ZONE, actorId: null });
    expect(again.unchanged.map((m) => m.slug).sort()).toEqual([...slugsB].sort());
    expect((await stored(second.id)).map((m) => m.slug)).toEqual(slugsB);
  });

  it("reports added, changed, unchanged and missing; keeps `updated` of unchanged ones; archives missing ones only when asked", async () => {
    const group = await publicGroup();
    const member = await makeUser(t.db);
    const items = [
      meeting("keep", { formatted_address: "1 Elm St, Lewes, DE" }),
      meeting("move", { formatted_address: "2 Elm St, Lewes, DE" }),
      meeting("gone", { formatted_address: "3 Elm St, Lewes, DE" }),
    ];
    await importFeed(t.db, items, { groupId: group.id, defaultTimeZone: ZONE, actorId: null }, new Date("2026-01-01T00:00:00Z"));
    const gone = (await stored(group.id)).find((m) => m.feed_slug === "gone")!;
    await recordAttendance(t.db, gone, "2026-01-06", member.id, ZONE, new Date("2026-01-07T12:00:00Z"));

    const next = [items[0], { ...items[1], time: "18:30" }];
    const listed = await importFeed(t.db, next, { groupId: group.id, defaultTimeZone: ZONE, actorId: null }, new Date("2026-02-01T00:00:00Z"));
    expect(listed).toMatchObject({ added: [], changed: [{ slug: "move" }], unchanged: [{ slug: "keep" }], missing: [{ slug: "gone", url: "/meetings/gone" }], archived: 0 });
    let rows = await stored(group.id);
    expect(rows.find((m) => m.feed_slug === "keep")!.updated_at).toBe("2026-01-01T00:00:00.000Z");
    expect(rows.find((m) => m.feed_slug === "move")!.updated_at).toBe("2026-02-01T00:00:00.000Z");
    expect(rows.find((m) => m.feed_slug === "gone")!.archived_at).toBeNull();

    const archived = await importFeed(t.db, next, { groupId: group.id, defaultTimeZone: ZONE, actorId: null, archiveMissing: true }, new Date("2026-02-02T00:00:00Z"));
    expect(archived.archived).toBe(1);
    rows = await stored(group.id);
    expect(rows.find((m) => m.feed_slug === "gone")!.archived_at).toBe("2026-02-02T00:00:00.000Z");
    // Out of the directory and the feed; the member's attendance history keeps it.
    const directory = await listDirectory(t.db, null, ZONE, { group: group.slug }, new Date("2026-02-02T00:00:00Z"));
    expect(directory.entries.map((e) => e.slug)).not.toContain("gone");
    expect((await feed()).map((m) => m.slug)).not.toContain("gone");
    const history = await t.db.selectFrom("meeting_attendance").select(["meeting_id", "meeting_name"]).where("user_id", "=", member.id).execute();
    expect(history).toEqual([{ meeting_id: gone.id, meeting_name: "Meeting gone" }]);
    // Back in the feed: back in the directory, under the same address.
    const back = await importFeed(t.db, items, { groupId: group.id, defaultTimeZone: ZONE, actorId: null }, new Date("2026-03-01T00:00:00Z"));
    expect(back.changed.map((m) => m.slug).sort()).toEqual(["gone", "move"]);
    expect((await getMeetingById(t.db, gone.id))!.archived_at).toBeNull();
  });

  it("round-trips: import → /api/meetings.json → import into another group gives identical meetings", async () => {
    const sussex = readSussexFeed();
    const source = [
      ...sussex.slice(0, 40).map((m) => ({ ...m, group: m.group || "Sussex Group" })),
      meeting("online-area", {
        formatted_address: "Chicago, IL, USA",
        conference_url: ZOOM,
        conference_url_notes: "Passcode 1",
        group: "Windy City",
        regions: ["Illinois", "Chicago"],
        contact_1_name: "Pat Q",
        contact_1_phone: "+13125550100",
        venmo: "@Windy",
      }),
    ];
    const first = await publicGroup();
    const second = await publicGroup();
    const a = await importFeed(t.db, source, { groupId: first.id, defaultTimeZone: "America/New_York", actorId: null });
    const published = (await feed()).filter((m) => a.added.some((x) => x.slug === m.slug));
    // Every meeting is published but those whose only place is temporarily closed.
    const closedOnly = (await stored(first.id)).filter((m) => m.status === "temporarily_closed" && m.attendance === "in_person").length;
    expect(published.length).toBe(a.added.length - closedOnly);
    expect(published.length).toBeGreaterThan(30);
    published.forEach(expectSpecMeeting);
    const b = await importFeed(t.db, JSON.parse(JSON.stringify(published)), { groupId: second.id, defaultTimeZone: "Europe/London", actorId: null });
    expect(b.skipped).toEqual([]);
    const comparable = (rows: Awaited<ReturnType<typeof stored>>) =>
      rows
        .filter((m) => !(m.status === "temporarily_closed" && m.attendance === "in_person"))
        .map(({ id: _id, group_id: _g, slug: _s, feed_slug: _f, created_at: _c, updated_at: _u, created_by: _b, sequence: _q, ...rest }) => rest)
        .sort((x, y) => (x.name + x.start_time + x.days < y.name + y.start_time + y.days ? -1 : 1));
    expect(comparable(await stored(second.id))).toEqual(comparable(await stored(first.id)));
  });
});

describe("iCalendar", () => {
  function events(text: string) {
    const root = new ICAL.Component(ICAL.parse(text));
    for (const vtz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
    return root.getAllSubcomponents("vevent");
  }

  it("raises SEQUENCE and LAST-MODIFIED when the meeting or one date changes", async () => {
    const group = await publicGroup();
    const admin = await makeUser(t.db, { role: "admin" });
    await importFeed(
      t.db,
      [meeting("seq", { formatted_address: "1 Pine St, Lewes, DE" })],
      { groupId: group.id, defaultTimeZone: ZONE, actorId: null },
      new Date("2026-01-01T00:00:00Z"),
    );
    const read = async () => {
      const m = (await stored(group.id))[0]!;
      const event = events(await meetingCalendar(t.db, m, group.name, "https://h.example"))[0]!;
      return { sequence: Number(event.getFirstPropertyValue("sequence")), modified: String(event.getFirstPropertyValue("last-modified")) };
    };
    const before = await read();
    await setOccurrence(t.db, (await stored(group.id))[0]!, "2026-01-13", { cancelled: true, reason: "Holiday", note: "" }, admin.id, new Date("2026-01-05T00:00:00Z"));
    const afterDate = await read();
    expect(afterDate.sequence).toBeGreaterThan(before.sequence);
    expect(afterDate.modified).not.toBe(before.modified);
    await importFeed(
      t.db,
      [meeting("seq", { formatted_address: "1 Pine St, Lewes, DE", time: "18:00" })],
      { groupId: group.id, defaultTimeZone: ZONE, actorId: null },
      new Date("2026-01-10T00:00:00Z"),
    );
    const afterEdit = await read();
    expect(afterEdit.sequence).toBeGreaterThan(afterDate.sequence);
    expect(afterEdit.modified).not.toBe(afterDate.modified);
  });

  it("doesn't confirm dates at a temporarily closed location; a hybrid meeting's online dates stay, with the link as their place", async () => {
    const group = await publicGroup();
    await importFeed(
      t.db,
      [
        meeting("closed-hall", { formatted_address: "1 Birch St, Lewes, DE", types: ["TC"] }),
        meeting("closed-hybrid", { formatted_address: "2 Birch St, Lewes, DE", types: ["TC"], conference_url: ZOOM }),
      ],
      { groupId: group.id, defaultTimeZone: ZONE, actorId: null },
    );
    const rows = await stored(group.id);
    const eventOf = async (slug: string) =>
      events(
        await meetingCalendar(
          t.db,
          rows.find((m) => m.feed_slug === slug)!,
          group.name,
          "https://h.example",
        ),
      )[0]!;
    const hall = await eventOf("closed-hall");
    expect(hall.getFirstPropertyValue("status")).toBe("CANCELLED");
    const hybrid = await eventOf("closed-hybrid");
    expect(hybrid.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(hybrid.getFirstPropertyValue("location")).toBe(ZOOM);
    expect(hybrid.hasProperty("geo")).toBe(false);
  });

  it("keeps a weekly 19:00 New York meeting at 19:00 local in 2037 in ical.js (VTIMEZONE covers every date)", async () => {
    const group = await publicGroup();
    await importFeed(
      t.db,
      [meeting("far", { formatted_address: "1 Cedar St, New York, NY", timezone: "America/New_York", day: 3 })],
      { groupId: group.id, defaultTimeZone: ZONE, actorId: null },
      new Date("2026-01-01T00:00:00Z"),
    );
    const m = (await stored(group.id))[0]!;
    const event = new ICAL.Event(events(await meetingCalendar(t.db, m, group.name, "https://h.example", new Date("2026-01-01T00:00:00Z")))[0]!);
    const iterator = event.iterator();
    const starts: string[] = [];
    for (let next = iterator.next(); next; next = iterator.next()) {
      const start = next.toJSDate().toISOString();
      if (start >= "2037-01-01") starts.push(start);
      if (start > "2037-12-31") break;
    }
    // EST in January and December, EDT in July: 00:00 and 23:00 UTC.
    expect(starts).toContain("2037-01-08T00:00:00.000Z");
    expect(starts).toContain("2037-07-08T23:00:00.000Z");
    expect(starts).toContain("2037-12-31T00:00:00.000Z");
    expect(starts.filter((s) => s < "2038").every((s) => s.endsWith("T00:00:00.000Z") || s.endsWith("T23:00:00.000Z"))).toBe(true);
  });
});
