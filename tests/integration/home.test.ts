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
import { call, get, post } from "../helpers/requests";
import * as discreetRoute from "../../app/routes/settings.discreet/route";
import * as profileRoute from "../../app/routes/settings.profile/route";
import { HomeDays } from "../../app/components/home-days";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createMemoryRouter, RouterProvider } from "react-router-dom";

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

describe("discreet mode", () => {
  const toggle = (cookie: string, discreet: string) => call(discreetRoute.action, post("/settings/discreet", { discreet, redirectTo: "/" }, cookie));

  it("is turned on and off with one tap from the home page, and from the profile", async () => {
    expect((await call<HomeData>(home.loader, get("/", owner.cookie))).body.home?.discreet).toBe(false);
    const on = await toggle(owner.cookie, "on");
    expect(on.status).toBe(302);
    expect(on.headers.get("Location")).toBe("/");
    const shown = (await call<HomeData>(home.loader, get("/", owner.cookie))).body.home!;
    expect(shown.discreet).toBe(true);
    // The owner's own data, hidden by the page until tapped: the tracker is still theirs to open.
    expect(shown.trackers.map((tr) => tr.name)).toEqual([SECRET_TRACKER]);
    // Someone else's toggle never touches the owner's setting.
    await toggle(fellow.cookie, "off");
    expect((await call<HomeData>(home.loader, get("/", owner.cookie))).body.home?.discreet).toBe(true);

    const profileForm = { displayName: owner.user.display_name, timeZone: "America/New_York", bio: "", crisisRegion: "" };
    expect((await call(profileRoute.action, post("/settings/profile", profileForm, owner.cookie))).status).toBe(200);
    expect((await call<HomeData>(home.loader, get("/", owner.cookie))).body.home?.discreet).toBe(false);
    await call(profileRoute.action, post("/settings/profile", { ...profileForm, discreet: "on" }, owner.cookie));
    expect((await call<HomeData>(home.loader, get("/", owner.cookie))).body.home?.discreet).toBe(true);
  });

  it("refuses a bad value and visitors, changing nothing", async () => {
    const bad = await toggle(owner.cookie, "maybe");
    expect(bad.status).toBe(400);
    expect((await call(discreetRoute.action, post("/settings/discreet", { discreet: "on" }))).status).toBe(302);
    const row = await t.db.selectFrom("users").select("discreet_mode").where("id", "=", owner.user.id).executeTakeFirstOrThrow();
    expect(row.discreet_mode).toBe(0);
  });

  it("draws each tracker as 'Tracker N · tap to show', its name and count inside what the tap opens", () => {
    const trackers = [{ id: 4, name: "Alcohol", days: 12, next: { label: "2 weeks", daysToGo: 2 } }];
    const draw = (discreet: boolean) =>
      renderToString(createElement(RouterProvider, { router: createMemoryRouter([{ path: "*", element: createElement(HomeDays, { trackers, discreet }) }]) })).replaceAll(
        "<!-- -->",
        "",
      );
    const hidden = draw(true);
    expect(hidden).toMatch(/<details class="discreet"><summary>Tracker 1 · tap to show<\/summary><a[^>]*>Alcohol<\/a>: <strong>12<\/strong> days/);
    const open = draw(false);
    expect(open).not.toContain("<details");
    expect(open).toContain("Alcohol");
  });
});
