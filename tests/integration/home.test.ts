/**
 * A member's home page: their own counts, check-in, next meetings and groups — and nothing of
 * anyone else's. A fellow member of the same group and a site admin see their own home, never the
 * owner's tracker; a meeting of a private group the owner has left drops off their home.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as home from "../../app/routes/_index/route";
import { addMember, leaveGroup } from "../../app/models/groups.server";
import { createMeeting } from "../../app/models/meetings.server";
import { rsvp } from "../../app/models/meeting-rsvps.server";
import { createTracker, getMilestoneSet } from "../../app/models/recovery-trackers.server";
import { setClock } from "../../app/utils/clock.server";
import { makeGroup, makeSignedInUser, meetingInput } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get } from "../helpers/requests";

const t = useTestDatabase();
type HomeData = Awaited<ReturnType<typeof home.loader>>;
const SECRET_TRACKER = "Benzodiazepines-home-4e1b";

const person = (role: "member" | "admin" = "member") => makeSignedInUser(t.db, { role, timeZone: "America/New_York" });

let owner: Awaited<ReturnType<typeof person>>;
let fellow: Awaited<ReturnType<typeof person>>;
let admin: Awaited<ReturnType<typeof person>>;
let privateGroup: Awaited<ReturnType<typeof makeGroup>>;

beforeEach(async () => {
  setClock("2026-11-30T15:00:00Z"); // a Monday
  owner = await person();
  fellow = await person();
  admin = await person("admin");
  const open = await makeGroup(t.db, { visibility: "public", name: "Open Circle Home" });
  privateGroup = await makeGroup(t.db, { visibility: "private", name: "Quiet Alumni Home" });
  for (const g of [open, privateGroup]) {
    await addMember(t.db, g.id, owner.user.id);
    await addMember(t.db, g.id, fellow.user.id);
  }
  await createTracker(t.db, owner.user.id, { name: SECRET_TRACKER, startDate: "2026-09-01", startTime: null }, await getMilestoneSet(t.db), "America/New_York");
  const openMeeting = await createMeeting(t.db, open.id, await meetingInput({ name: "Tuesday Open Home" }), null);
  const quietMeeting = await createMeeting(t.db, privateGroup.id, await meetingInput({ name: "Tuesday Quiet Home" }), null);
  await rsvp(t.db, openMeeting, "2026-12-01", owner.user.id);
  await rsvp(t.db, quietMeeting, "2026-12-01", owner.user.id);
});

describe("a member's home", () => {
  it("shows the owner their days, the next milestone, their next meetings (date and time in their zone) and their groups", async () => {
    const page = await call<HomeData>(home.loader, get("/", owner.cookie));
    expect(page.status).toBe(200);
    const data = page.body.home!;
    expect(data.trackers).toEqual([expect.objectContaining({ name: SECRET_TRACKER, days: 90, next: expect.objectContaining({ label: "6 months" }) })]);
    expect(data.checkedInToday).toBe(false);
    expect(data.meetings.map((m) => m.name).sort()).toEqual(["Tuesday Open Home", "Tuesday Quiet Home"]);
    expect(data.meetings[0]!.day).toMatch(/Tuesday/);
    expect(data.meetings[0]!.when).toMatch(/7:00/);
    expect(data.groups.map((g) => g.name).sort()).toEqual(["Open Circle Home", "Quiet Alumni Home"]);
  });

  it("never shows anyone else the owner's tracker: a fellow group member and an admin see only their own", async () => {
    for (const viewer of [fellow, admin]) {
      const page = await call<HomeData>(home.loader, get("/", viewer.cookie));
      expect(page.status).toBe(200);
      expect(page.body.home!.trackers).toEqual([]);
      expect(JSON.stringify(page.body)).not.toContain(SECRET_TRACKER);
    }
  });

  it("drops a private group's meeting once the owner has left the group", async () => {
    await leaveGroup(t.db, privateGroup.id, owner.user.id);
    const page = await call<HomeData>(home.loader, get("/", owner.cookie));
    expect(page.body.home!.meetings.map((m) => m.name)).toEqual(["Tuesday Open Home"]);
  });

  it("greets a visitor without any member data", async () => {
    const page = await call<HomeData>(home.loader, get("/"));
    expect(page.body.user).toBeNull();
    expect(page.body.home).toBeNull();
  });
});
