/**
 * The meeting directory's rules on the real database (SQLite and PostgreSQL): times in the
 * viewer's zone and which zone that is, meetings in progress until they end, TSML UI's attendance
 * filters, regions, "near me", paging, who sees what, and the precomputed dates following edits.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createMeeting, updateMeeting } from "../../app/models/meetings.server";
import { listDirectory, startRanges } from "../../app/models/meeting-directory.server";
import { addMember } from "../../app/models/groups.server";
import { forgetSiteConfig, saveSiteConfig } from "../../app/models/site-config.server";
import { resetClock, setClock } from "../../app/utils/clock.server";
import { canonicalZone, zoneChoices, zoneFromCookie } from "../../app/utils/time-zones.server";
import { loader as directoryLoader } from "../../app/routes/meetings._index/route";
import { loader as meetingLoader } from "../../app/routes/meetings.$slug._index/route";
import { makeGroup, makeUser, meetingInput } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
afterEach(() => resetClock());

const EVERY_DAY = ["0", "1", "2", "3", "4", "5", "6"];
const MONDAY_NOON = new Date("2026-06-01T12:00:00Z");

async function publicGroup() {
  const mod = await makeUser(t.db);
  const group = await makeGroup(t.db, { visibility: "public" });
  await addMember(t.db, group.id, mod.id, "moderator");
  return { group, modId: mod.id };
}

type Raw = Parameters<typeof meetingInput>[0];
async function add(groupId: number, modId: string, raw: Raw) {
  return createMeeting(t.db, groupId, await meetingInput(raw), modId);
}

async function loadDirectory(path: string, cookie?: string) {
  const request = new Request(`http://harbor.test${path}`, { headers: cookie ? { cookie } : {} });
  return (await directoryLoader({ request, context: {}, params: {} } as never)) as Awaited<ReturnType<typeof directoryLoader>>;
}

describe("the viewer's zone", () => {
  it("uses the browser's zone from the cookie, a picked zone over it, and otherwise the site's default, never silently UTC", async () => {
    setClock(MONDAY_NOON);
    const { group, modId } = await publicGroup();
    await add(group.id, modId, { name: "Zone Check", days: EVERY_DAY, startTime: "19:00", endTime: "20:00", timeZone: "America/New_York", attendance: "online" });
    const admin = await makeUser(t.db, { role: "admin" });
    await saveSiteConfig(t.db, { siteName: "Harbor", registration: "open", defaultTimeZone: "Europe/Berlin" }, admin.id);
    try {
      const site = await loadDirectory(`/meetings?group=${group.slug}`);
      expect(site.zone).toBe("Europe/Berlin");
      expect(site.zoneSentence).toBe("Times in Berlin time (this site's time zone)");
      expect(site.zoneCheck).toBe("");
      const chicago = await loadDirectory(`/meetings?group=${group.slug}`, "harbor_tz=b%3AAmerica%2FChicago");
      expect(chicago.zoneSentence).toBe("Times in Chicago time (your browser)");
      expect(chicago.zoneCheck).toBe("b:America/Chicago");
      // 19:00 in New York is 18:00 in Chicago.
      expect(chicago.entries[0]!.when).toMatch(/^6:00 PM/);
      const picked = await loadDirectory(`/meetings?group=${group.slug}`, "harbor_tz=c%3AAsia%2FCalcutta");
      expect(picked.zone).toBe("Asia/Kolkata");
      expect(picked.zoneCheck).toBeNull();
      expect(picked.zoneSentence).toBe("Times in Kolkata time (your choice)");
      const junk = await loadDirectory(`/meetings?group=${group.slug}`, "harbor_tz=b%3ANot%2FAZone");
      expect(junk.zone).toBe("Europe/Berlin");
    } finally {
      forgetSiteConfig();
      await t.db.deleteFrom("site_settings").where("key", "=", "site").execute();
      forgetSiteConfig();
    }
  });

  it("names zones as today (Asia/Kolkata, Europe/Kyiv), grouped by region with offsets, the browser's first", () => {
    expect(canonicalZone("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(canonicalZone("Europe/Kiev")).toBe("Europe/Kyiv");
    expect(zoneFromCookie("x=1; harbor_tz=b%3AEurope%2FKiev")).toMatchObject({ zone: "Europe/Kyiv", source: "browser" });
    const regions = zoneChoices(Date.parse("2026-01-15T12:00:00Z"), { browserZone: "America/Chicago" });
    expect(regions[0]).toEqual({ region: "Your browser", zones: [{ value: "America/Chicago", label: expect.stringContaining("Central Time (UTC−06:00)") }] });
    const values = regions.flatMap((r) => r.zones.map((z) => z.value));
    expect(values).toContain("Asia/Kolkata");
    expect(values).toContain("Europe/Kyiv");
    expect(values).not.toContain("Asia/Calcutta");
    expect(values.length).toBeLessThan(340);
    expect(regions.map((r) => r.region)).toEqual(expect.arrayContaining(["North America", "Europe", "Asia", "Oceania"]));
  });
});

describe("what the directory lists", () => {
  it("shows times in the viewer's zone: a Los Angeles evening is the London viewer's next morning", async () => {
    const { group, modId } = await publicGroup();
    await add(group.id, modId, { name: "LA Monday Night", days: ["1"], startTime: "19:00", endTime: "20:00", timeZone: "America/Los_Angeles", attendance: "online" });
    const { entries } = await listDirectory(t.db, null, "Europe/London", { group: group.slug }, MONDAY_NOON);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ localDate: "2026-06-02", localTime: "03:00", attendance: "online", state: "later" });
    expect((await listDirectory(t.db, null, "Europe/London", { group: group.slug, day: 2, timeOfDay: "night" }, MONDAY_NOON)).entries).toHaveLength(1);
    expect((await listDirectory(t.db, null, "Europe/London", { group: group.slug, day: 1 }, MONDAY_NOON)).entries).toHaveLength(0);
    const inLA = await listDirectory(t.db, null, "America/Los_Angeles", { group: group.slug, day: 1, timeOfDay: "evening" }, MONDAY_NOON);
    expect(inLA.entries[0]).toMatchObject({ localDate: "2026-06-01", localTime: "19:00" });
  });

  it("keeps a meeting under 'happening now' until it ends, saying how long it has run", async () => {
    const { group, modId } = await publicGroup();
    const base = { days: EVERY_DAY, timeZone: "UTC", attendance: "online" };
    await add(group.id, modId, { ...base, name: "Later Today", startTime: "18:00", endTime: "19:00" });
    await add(group.id, modId, { ...base, name: "Twenty In", startTime: "11:40", endTime: "12:40" });
    await add(group.id, modId, { ...base, name: "Long Started", startTime: "10:00", endTime: "13:00" });
    await add(group.id, modId, { ...base, name: "Just Ended", startTime: "11:00", endTime: "12:00" });
    await add(group.id, modId, { ...base, name: "Soon", startTime: "12:30", endTime: "13:30" });
    const { entries } = await listDirectory(t.db, null, "UTC", { group: group.slug }, MONDAY_NOON);
    expect(entries.slice(0, 4).map((e) => [e.name, e.state, e.localDate, e.startedMinutesAgo])).toEqual([
      ["Long Started", "in_progress", "2026-06-01", 120],
      ["Twenty In", "in_progress", "2026-06-01", 20],
      ["Soon", "soon", "2026-06-01", null],
      ["Later Today", "later", "2026-06-01", null],
    ]);
    // Ended at 12:00 sharp: gone until tomorrow, not shown as next week's.
    expect(entries.find((e) => e.name === "Just Ended")).toMatchObject({ localDate: "2026-06-02" });
    // Up to 7 days from now: today's four still on, all five on the next six days, and the three
    // that start before noon a week from today.
    expect(entries).toHaveLength(4 + 5 * 6 + 3);
    // A page of the list is the same slice of the same order.
    const page = await listDirectory(t.db, null, "UTC", { group: group.slug }, MONDAY_NOON, { offset: 2, limit: 3 });
    expect(page.more).toBe(true);
    expect(page.entries.map((e) => e.occurrence.startIso + e.name)).toEqual(entries.slice(2, 5).map((e) => e.occurrence.startIso + e.name));
  });

  it("keeps a meeting past midnight in progress after midnight", async () => {
    const { group, modId } = await publicGroup();
    await add(group.id, modId, { name: "Midnight Owls", days: EVERY_DAY, startTime: "23:30", endTime: "00:30", timeZone: "UTC", attendance: "online" });
    const night = await listDirectory(t.db, null, "UTC", { group: group.slug }, new Date("2026-06-02T00:20:00Z"));
    expect(night.entries[0]).toMatchObject({ name: "Midnight Owls", state: "in_progress", localDate: "2026-06-01", startedMinutesAgo: 50 });
  });

  it("filters attendance as TSML UI does: in person and online both include hybrid", async () => {
    const { group, modId } = await publicGroup();
    const base = { days: ["1"], startTime: "18:00", endTime: "19:00", timeZone: "UTC" };
    await add(group.id, modId, { ...base, name: "Room Only", attendance: "in_person" });
    await add(group.id, modId, { ...base, name: "Screen Only", attendance: "online" });
    await add(group.id, modId, { ...base, name: "Both Ways", attendance: "hybrid" });
    await add(group.id, modId, { ...base, name: "Closed Room", attendance: "in_person", status: "temporarily_closed" });
    const names = async (attendance: "in_person" | "online" | "hybrid") =>
      (await listDirectory(t.db, null, "UTC", { group: group.slug, attendance }, MONDAY_NOON)).entries.map((e) => e.name).sort();
    expect(await names("in_person")).toEqual(["Both Ways", "Room Only"]);
    expect(await names("online")).toEqual(["Both Ways", "Screen Only"]);
    expect(await names("hybrid")).toEqual(["Both Ways"]);
  });

  it("filters by region (sub-regions included), type and text", async () => {
    const { group, modId } = await publicGroup();
    const base = { days: ["1"], startTime: "18:00", endTime: "19:00", timeZone: "UTC", attendance: "online" };
    await add(group.id, modId, { ...base, name: "North Side Group", region: "Chicago > North Side", types: ["SP"] });
    await add(group.id, modId, { ...base, name: "Loop Group", region: "Chicago", notes: "Bring 100% honesty" });
    await add(group.id, modId, { ...base, name: "Evanston Group", region: "Evanston" });
    const names = async (filters: Parameters<typeof listDirectory>[3]) =>
      (await listDirectory(t.db, null, "UTC", { group: group.slug, ...filters }, MONDAY_NOON)).entries.map((e) => e.name).sort();
    expect(await names({ region: "Chicago" })).toEqual(["Loop Group", "North Side Group"]);
    expect(await names({ region: "Chicago > North Side" })).toEqual(["North Side Group"]);
    expect(await names({ type: "SP" })).toEqual(["North Side Group"]);
    expect(await names({ q: "100%" })).toEqual(["Loop Group"]);
    expect(await names({ q: "EVANSTON" })).toEqual(["Evanston Group"]);
  });

  it("sorts near me by distance from the browser's point, places with coordinates only, within 50 km", async () => {
    const { group, modId } = await publicGroup();
    const base = { days: ["1"], startTime: "18:00", endTime: "19:00", timeZone: "America/Chicago", attendance: "in_person" };
    await add(group.id, modId, { ...base, name: "Evanston", latitude: "42.046", longitude: "-87.688" });
    await add(group.id, modId, { ...base, name: "The Loop", latitude: "41.882", longitude: "-87.628" });
    await add(group.id, modId, { ...base, name: "Milwaukee", latitude: "43.039", longitude: "-87.906" });
    await add(group.id, modId, { ...base, name: "No Coordinates" });
    await add(group.id, modId, { ...base, name: "Online Only", attendance: "online" });
    const { entries } = await listDirectory(t.db, null, "America/Chicago", { group: group.slug, near: { lat: 41.89, lng: -87.63 } }, MONDAY_NOON);
    expect(entries.map((e) => e.name)).toEqual(["The Loop", "Evanston"]);
    expect(entries[0]!.distanceKm).toBeLessThan(2);
    expect(entries[1]!.distanceKm).toBeGreaterThan(15);
  });

  it("never lists a private group's meetings to visitors or outsiders, and lists them to members", async () => {
    const mod = await makeUser(t.db);
    const member = await makeUser(t.db);
    const outsider = await makeUser(t.db);
    const group = await makeGroup(t.db, { visibility: "private" });
    await addMember(t.db, group.id, mod.id, "moderator");
    await addMember(t.db, group.id, member.id);
    await add(group.id, mod.id, { name: "Private Circle", days: EVERY_DAY, timeZone: "UTC", attendance: "online" });
    const seen = async (viewer: { id: string; role: string } | null) => (await listDirectory(t.db, viewer, "UTC", { q: "private circle" }, MONDAY_NOON)).entries.length;
    expect(await seen(null)).toBe(0);
    expect(await seen({ id: outsider.id, role: "member" })).toBe(0);
    expect(await seen({ id: member.id, role: "member" })).toBeGreaterThan(0);
  });

  it("follows an edit at once: a moved meeting is listed at its new time", async () => {
    const { group, modId } = await publicGroup();
    const meeting = await add(group.id, modId, { name: "Mover", days: ["1"], startTime: "18:00", endTime: "19:00", timeZone: "UTC", attendance: "online" });
    expect((await listDirectory(t.db, null, "UTC", { group: group.slug }, MONDAY_NOON)).entries[0]!.localTime).toBe("18:00");
    await updateMeeting(
      t.db,
      meeting.id,
      await meetingInput({ name: "Mover", days: ["1"], startTime: "20:00", endTime: "21:00", timeZone: "UTC", attendance: "online" }),
      modId,
      MONDAY_NOON,
    );
    expect((await listDirectory(t.db, null, "UTC", { group: group.slug }, MONDAY_NOON)).entries[0]!.localTime).toBe("20:00");
  });

  it("leaves archived meetings out", async () => {
    const { group, modId } = await publicGroup();
    const meeting = await add(group.id, modId, { name: "Gone From Feed", days: EVERY_DAY, timeZone: "UTC", attendance: "online" });
    await t.db.updateTable("meetings").set({ archived_at: MONDAY_NOON.toISOString() }).where("id", "=", meeting.id).execute();
    expect((await listDirectory(t.db, null, "UTC", { group: group.slug }, MONDAY_NOON)).entries).toEqual([]);
  });

  it("shows an online meeting's area and no directions, a specific place with directions, and when it was updated", async () => {
    setClock(MONDAY_NOON);
    const { group, modId } = await publicGroup();
    const online = await add(group.id, modId, { name: "Area Online", attendance: "online" });
    await t.db.updateTable("meetings").set({ area: "Chicago, IL, USA" }).where("id", "=", online.id).execute();
    const inPerson = await add(group.id, modId, { name: "Street Place", attendance: "in_person", latitude: "43.66", longitude: "-70.25" });
    const page = async (slug: string) =>
      (await meetingLoader({ request: new Request(`http://harbor.test/meetings/${slug}`), context: {}, params: { slug } } as never)) as Awaited<ReturnType<typeof meetingLoader>>;
    const a = await page(online.slug);
    expect(a.meeting.area).toBe("Chicago, IL, USA");
    expect(a.meeting.place).toBeNull();
    expect(a.updated).toBe("June 1, 2026");
    const b = await page(inPerson.slug);
    expect(b.meeting.area).toBeFalsy();
    expect(b.meeting.place).toMatchObject({ address: "12 Harbor St, Portland, ME 04101, USA", lat: 43.66, lon: -70.25 });
  });

  it("asks for a time of day across the week as one range per day", () => {
    const ranges = startRanges({ timeOfDay: "evening" }, "UTC", MONDAY_NOON.getTime(), 60);
    expect(ranges).toHaveLength(7);
    expect(ranges[0]!.map((ms) => new Date(ms).toISOString())).toEqual(["2026-06-01T17:00:00.000Z", "2026-06-01T21:00:00.000Z"]);
  });
});
