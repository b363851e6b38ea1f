/**
 * The directory at scale, on SQLite and PostgreSQL.
 *
 * - A page's SQL queries (the root loader's and the directory's, as one page request runs them) do
 *   not grow with the number of meetings, groups, cancellations or RSVPs, for a visitor and for a
 *   member of private groups.
 * - Every write that changes what the directory shows is seen by the next request: a page reads
 *   the kept dates (meeting_dates, rebuilt in the writing transaction) joined live to the meeting,
 *   its group's visibility, the date's cancellation or note and the member's RSVPs, so there is no
 *   cached list to fall behind. The filters' type list (kept for a minute) follows this server's
 *   own writes at once.
 */
import { describe, expect, it } from "vitest";
import type { KyselyPlugin } from "kysely";
import { loader as rootLoader } from "../../app/root";
import { loader as directoryLoader } from "../../app/routes/meetings._index/route";
import { listDirectory } from "../../app/models/meeting-directory.server";
import { addMember, updateGroup } from "../../app/models/groups.server";
import { archiveMeetings, createMeeting, deleteMeeting, getMeetingById, updateMeeting } from "../../app/models/meetings.server";
import { setOccurrence } from "../../app/models/meeting-occurrences.server";
import { rsvp } from "../../app/models/meeting-rsvps.server";
import { importFeed } from "../../app/models/meeting-import.server";
import { createSession } from "../../app/models/sessions.server";
import { setClock } from "../../app/utils/clock.server";
import { setDbHandle } from "../../app/utils/db.server";
import { makeGroup, makeUser, meetingInput } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { inTransaction } from "../../db/client";
import { context, get } from "../helpers/requests";

const t = useTestDatabase();

const MONDAY_NOON = new Date("2026-06-01T12:00:00Z");
const EVERY_DAY = ["0", "1", "2", "3", "4", "5", "6"];
type Page = Awaited<ReturnType<typeof directoryLoader>>;

/** The test's database with every query counted (installed as the app's database). */
function countQueries() {
  let count = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      count += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  setDbHandle({ ...t.handle, db: t.db.withPlugin(plugin) });
  return {
    reset: () => (count = 0),
    get count() {
      return count;
    },
  };
}

/** One page request as the server runs it: the root loader and the directory's, sharing the load context. */
async function requestPage(path: string, cookie?: string): Promise<Page> {
  const ctx = { ...context(), sessions: new Map() };
  const request = get(path, cookie);
  await rootLoader({ request, context: ctx, params: {} } as never);
  return (await directoryLoader({ request: get(path, cookie), context: ctx, params: {} } as never)) as Page;
}

async function signedIn(role: "member" | "admin" = "member") {
  const user = await makeUser(t.db, { role, timeZone: "UTC" });
  return { user, cookie: `harbor_session=${(await createSession(t.db, user.id)).token}` };
}

async function groupWithModerator(visibility: "public" | "private" | "hidden" = "public") {
  const mod = await makeUser(t.db);
  const group = await makeGroup(t.db, { visibility });
  await addMember(t.db, group.id, mod.id, "moderator");
  return { group, modId: mod.id };
}

describe("a directory page's queries", () => {
  it("stay the same from 2 meetings to 74 in 13 groups (a third private), with cancellations and RSVPs, for a visitor and a member", async () => {
    setClock(MONDAY_NOON);
    await signedIn("admin"); // a site with an admin (one without leads every page to set-up)
    const member = await signedIn();
    const first = await groupWithModerator();
    await addMember(t.db, first.group.id, member.user.id);
    for (const name of ["Alpha", "Beta"])
      await createMeeting(t.db, first.group.id, await meetingInput({ name, days: EVERY_DAY, timeZone: "UTC", attendance: "online" }), first.modId);
    const counter = countQueries();
    const queries = async (cookie?: string) => {
      await requestPage("/meetings", cookie); // the first request may fill the dates' horizon
      counter.reset();
      const page = await requestPage("/meetings", cookie);
      return { count: counter.count, rows: page.entries.length };
    };
    const small = { visitor: await queries(), member: await queries(member.cookie) };

    // In one transaction, as an import writes them (one commit instead of one per meeting).
    await inTransaction(t.db, async (tx) => {
      for (let g = 0; g < 12; g++) {
        const group = await makeGroup(tx, { visibility: g % 3 === 2 ? "private" : "public" });
        await addMember(tx, group.id, first.modId, "moderator");
        const modId = first.modId;
        if (g % 3 === 2) await addMember(tx, group.id, member.user.id);
        for (let m = 0; m < 6; m++) {
          const start = `${String(12 + (m % 10)).padStart(2, "0")}:${m % 2 ? "30" : "00"}`;
          const meeting = await createMeeting(
            tx,
            group.id,
            await meetingInput({
              name: `Meeting ${g}-${m}`,
              days: EVERY_DAY,
              startTime: start,
              endTime: `${String(13 + (m % 10)).padStart(2, "0")}:00`,
              timeZone: "UTC",
              attendance: "online",
              types: [m % 2 ? "O" : "C"],
            }),
            modId,
          );
          if (m === 3) await setOccurrence(tx, meeting, "2026-06-01", { cancelled: true, reason: "Holiday", note: "" }, modId, MONDAY_NOON);
          if (m === 4 && g % 3 === 2) await rsvp(tx, meeting, "2026-06-01", member.user.id, MONDAY_NOON);
        }
      }
    });
    const large = { visitor: await queries(), member: await queries(member.cookie) };

    expect(large.visitor.rows).toBe(25);
    expect(large.member.rows).toBe(25);
    expect(large.visitor.count).toBe(small.visitor.count);
    expect(large.member.count).toBe(small.member.count);
    // A visitor: the dates' horizon (its state is kept in memory for a while), the page of dates, the groups of the filter list.
    expect(large.visitor.count).toBeLessThanOrEqual(3);
    // A member: also the session, the header's figures, the groups they may add meetings to and their RSVPs on the page.
    expect(large.member.count).toBeLessThanOrEqual(8);
  });
});

describe("every write that changes what the directory shows is seen by the next request", () => {
  const names = (page: Page) => page.entries.map((e) => e.name);
  const entryOn = (page: Page, name: string, day = "2026-06-01") => page.entries.find((e) => e.name === name && e.day === day);

  it("adding, moving, cancelling a date, a note, archiving, deleting and an RSVP", async () => {
    setClock(MONDAY_NOON);
    await signedIn("admin");
    const member = await signedIn();
    const { group, modId } = await groupWithModerator();
    await addMember(t.db, group.id, member.user.id);
    const path = `/meetings?group=${group.slug}&day=1&tz=UTC`;
    const once = { days: ["1"], timeZone: "UTC", attendance: "online" };
    expect(names(await requestPage(path))).toEqual([]);
    // Another meeting of the group, on another day, of another type: the group stays in the filters.
    const tuesday = await createMeeting(t.db, group.id, await meetingInput({ ...once, days: ["2"], name: "Tuesday Other", types: ["C"] }), modId);

    const meeting = await createMeeting(t.db, group.id, await meetingInput({ ...once, name: "Monday Light", startTime: "18:00", endTime: "19:00", types: ["SP"] }), modId);
    expect(names(await requestPage(path))).toEqual(["Monday Light"]);
    expect((await requestPage(path)).types.map((x) => x.code)).toContain("SP");

    await updateMeeting(t.db, meeting.id, await meetingInput({ ...once, name: "Monday Light", startTime: "20:00", endTime: "21:00", types: ["SP"] }), modId, MONDAY_NOON);
    expect(entryOn(await requestPage(path), "Monday Light")?.when).toMatch(/^8:00 PM/);

    const stored = (await getMeetingById(t.db, meeting.id))!;
    await setOccurrence(t.db, stored, "2026-06-01", { cancelled: true, reason: "Hall repairs", note: "" }, modId, MONDAY_NOON);
    expect(entryOn(await requestPage(path), "Monday Light")).toMatchObject({ cancelled: true, cancelReason: "Hall repairs" });
    await setOccurrence(t.db, stored, "2026-06-01", { cancelled: false, reason: "", note: "In room 4 this week" }, modId, MONDAY_NOON);
    expect(entryOn(await requestPage(path), "Monday Light")).toMatchObject({ cancelled: false, note: "In room 4 this week" });

    expect(entryOn(await requestPage(path, member.cookie), "Monday Light")?.going).toBe(false);
    await rsvp(t.db, stored, "2026-06-01", member.user.id, MONDAY_NOON);
    expect(entryOn(await requestPage(path, member.cookie), "Monday Light")?.going).toBe(true);
    expect(entryOn(await requestPage(path), "Monday Light")?.going).toBe(false);

    await archiveMeetings(t.db, [meeting.id], modId, MONDAY_NOON);
    expect(names(await requestPage(path))).toEqual([]);
    // The type list follows at once: no meeting of that type is left.
    expect((await requestPage(path)).types.map((x) => x.code)).not.toContain("SP");

    const other = await createMeeting(t.db, group.id, await meetingInput({ ...once, name: "Monday Dusk", startTime: "17:00", endTime: "18:00" }), modId);
    expect(names(await requestPage(path))).toEqual(["Monday Dusk"]);
    await deleteMeeting(t.db, other.id, modId, MONDAY_NOON);
    expect(names(await requestPage(path))).toEqual([]);
    // A group with no meeting left leaves the group filter.
    expect((await requestPage("/meetings")).groups.map((g) => g.slug)).toContain(group.slug);
    await deleteMeeting(t.db, tuesday.id, modId, MONDAY_NOON);
    expect((await requestPage("/meetings")).groups.map((g) => g.slug)).not.toContain(group.slug);
  });

  it("a group turning private or hidden, and public again", async () => {
    setClock(MONDAY_NOON);
    await signedIn("admin");
    const member = await signedIn();
    const outsider = await signedIn();
    const { group, modId } = await groupWithModerator();
    await addMember(t.db, group.id, member.user.id);
    await createMeeting(t.db, group.id, await meetingInput({ name: "Quiet Circle", days: EVERY_DAY, timeZone: "UTC", attendance: "online" }), modId);
    const path = "/meetings?q=quiet+circle";
    const settings = { name: group.name, kind: group.kind, description: "", guidelines: "" };
    const seenBy = async () => ({
      visitor: (await requestPage(path)).entries.length > 0,
      outsider: (await requestPage(path, outsider.cookie)).entries.length > 0,
      member: (await requestPage(path, member.cookie)).entries.length > 0,
      groupListedToVisitor: (await requestPage("/meetings")).groups.some((g) => g.slug === group.slug),
    });
    expect(await seenBy()).toEqual({ visitor: true, outsider: true, member: true, groupListedToVisitor: true });
    await updateGroup(t.db, group.id, { ...settings, visibility: "private" });
    expect(await seenBy()).toEqual({ visitor: false, outsider: false, member: true, groupListedToVisitor: false });
    await updateGroup(t.db, group.id, { ...settings, visibility: "hidden" });
    expect(await seenBy()).toEqual({ visitor: false, outsider: false, member: true, groupListedToVisitor: false });
    await updateGroup(t.db, group.id, { ...settings, visibility: "public" });
    expect(await seenBy()).toEqual({ visitor: true, outsider: true, member: true, groupListedToVisitor: true });
  });

  it("an import: added, archived when missing from the feed, back when the feed has it again", async () => {
    setClock(MONDAY_NOON);
    const admin = await signedIn("admin");
    const { group } = await groupWithModerator();
    const path = `/meetings?group=${group.slug}&tz=UTC`;
    const item = {
      slug: "harbor-lights",
      name: "Harbor Lights",
      day: 1,
      time: "18:00",
      end_time: "19:00",
      timezone: "UTC",
      conference_url: "https://zoom.us/j/123456789",
      formatted_address: "Chicago, IL, USA",
      types: ["O"],
    };
    const options = { groupId: group.id, defaultTimeZone: "UTC", actorId: admin.user.id };
    await importFeed(t.db, [item], options, MONDAY_NOON);
    expect(names(await requestPage(path))).toContain("Harbor Lights");
    await importFeed(t.db, [], { ...options, archiveMissing: true }, MONDAY_NOON);
    expect(names(await requestPage(path))).toEqual([]);
    await importFeed(t.db, [{ ...item, time: "18:30" }], options, MONDAY_NOON);
    expect(entryOn(await requestPage(path), "Harbor Lights")?.when).toMatch(/^6:30 PM/);
  });
});

describe("a filtered page", () => {
  it("is the same whether it reads only the matching meetings' dates or walks every date of the week", async () => {
    const { group, modId } = await groupWithModerator();
    const hidden = await groupWithModerator("private");
    const base = { days: EVERY_DAY, timeZone: "UTC" };
    for (let i = 0; i < 12; i++) {
      const target = i % 4 === 3 ? hidden : { group, modId };
      await createMeeting(
        t.db,
        target.group.id,
        await meetingInput({
          ...base,
          name: `Filter ${i % 3 ? "Hope" : "Serenity"} ${i}`,
          startTime: `${String(8 + i).padStart(2, "0")}:00`,
          endTime: `${String(9 + i).padStart(2, "0")}:00`,
          attendance: ["online", "in_person", "hybrid"][i % 3]!,
          region: i % 2 ? "Chicago > Loop" : "Evanston",
          types: [i % 2 ? "SP" : "O"],
        }),
        target.modId,
      );
    }
    const filters: Parameters<typeof listDirectory>[3][] = [
      { q: "serenity" },
      { q: "nothing like this" },
      { region: "Chicago" },
      { type: "SP", attendance: "online" },
      { attendance: "in_person" },
      { group: group.slug, day: 3, timeOfDay: "midday" },
    ];
    for (const f of filters) {
      const read = await listDirectory(t.db, null, "UTC", f, MONDAY_NOON, { offset: 2, limit: 10 });
      const walked = await listDirectory(t.db, null, "UTC", f, MONDAY_NOON, { offset: 2, limit: 10 }, -1);
      expect(read, JSON.stringify(f)).toEqual(walked);
      expect(
        read.entries.every((e) => e.groupSlug === group.slug),
        "never the private group's to a visitor",
      ).toBe(true);
    }
    expect((await listDirectory(t.db, null, "UTC", { q: "serenity" }, MONDAY_NOON)).entries.length).toBeGreaterThan(0);
  });
});
