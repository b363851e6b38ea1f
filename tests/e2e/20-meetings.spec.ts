// Meetings, as people use them, each part in a short test with its own group and meeting (made in
// the database, tests/e2e/data.ts): a moderator adds a weekly hybrid 12-step meeting and a one-off
// reunion in a private group; a member finds a meeting with the directory's filters in their own
// zone and says "I'm going"; the personal calendar feed parses and expands correctly; after the
// meeting the member records it and sees 1 of 90; the Meeting Guide feed follows the spec and
// carries no private meeting; an admin imports the sussexaa feed with a clear report.
import ICAL from "ical.js";
import { isMeetingType } from "@code4recovery/spec";
import { sussexFeedPath } from "../helpers/shared-fixtures";
import { checkPage, dateOf, expect, fastTest as test, makeMember, sayGoingToNextDate, uniqueSuffix } from "./fixtures";
import { makeGroup, makeMeeting } from "./data";

const SUSSEX = sussexFeedPath();

/** A public group's weekly hybrid Step Study, Thursdays 19:00–20:15 in Chicago. */
async function stepStudy(members: { id: string }[] = []) {
  const group = await makeGroup({ members });
  return makeMeeting(group, { name: `Thursday Step Study ${uniqueSuffix()}`, days: ["4"], startTime: "19:00", endTime: "20:15", types: ["ST", "O"] });
}

test("visitors see public meetings in the directory, in the site's zone, and a private group's meetings not at all", async ({ page }) => {
  const reunion = await makeMeeting(await makeGroup({ visibility: "private" }), { name: `Alumni Reunion ${uniqueSuffix()}` });
  await page.goto("/meetings");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Meetings");
  await expect(page.getByRole("link", { name: "Tuesday Night Hope" }).first()).toBeVisible();
  await expect(page.getByRole("link", { name: "Spring Alumni Reunion" })).toHaveCount(0);
  await expect(page.locator('link[rel="alternate"][type="application/json"][title="Meetings Feed"]')).toHaveAttribute("href", "/api/meetings.json");
  await checkPage(page, "meetings-directory-anonymous");
  await page.goto("/meetings?q=" + encodeURIComponent(reunion.name));
  await expect(page.getByText(/No meetings match/)).toBeVisible();
});

test("a moderator adds a weekly hybrid 12-step meeting, after fixing a bad video link", async ({ page, loginAs }) => {
  const moderator = await makeMember("Moderator");
  const group = await makeGroup({ moderator });
  const weekly = `Thursday Step Study ${uniqueSuffix()}`;
  await loginAs(moderator);
  await page.goto("/meetings");
  await page.getByRole("link", { name: "Add a meeting" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Add a meeting");
  await page.getByLabel("Group", { exact: true }).selectOption({ label: group.name });
  await page.getByLabel("Meeting name").fill(weekly);
  await page.getByLabel("Every week").check();
  await page.getByLabel("Thursday").check();
  await page.getByLabel("Starts at").fill("19:00");
  await page.getByLabel("Ends at").fill("20:15");
  await page.getByLabel("Time zone", { exact: true }).selectOption("America/Chicago");
  await page.getByLabel("Hybrid (in person and online)").check();
  await page.getByLabel("Place").fill("Lakeview Community Hall");
  await page.getByLabel("Street address").fill("3300 N Broadway, Chicago, IL 60657, USA");
  await page.getByLabel("Video link").fill("https://example.com/not-a-video-service");
  await page.getByLabel("Dial-in number").fill("+1 312 626 6799,,81234#");
  await page.getByLabel("Step Study").check();
  await page.getByLabel("Open", { exact: true }).check();
  await page.getByRole("button", { name: "Add meeting" }).click();
  await expect(page.getByText(/That link isn't on a video service we know/)).toBeVisible();
  await expect(page.getByLabel("Meeting name")).toHaveValue(weekly);
  await expect(page.getByLabel("Thursday")).toBeChecked();
  await checkPage(page, "meeting-form-error");
  await page.getByLabel("Video link").fill("https://us02web.zoom.us/j/81234567890");
  await page.getByRole("button", { name: "Add meeting" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(weekly);
  await expect(page.getByText("Every Thursday")).toBeVisible();
  await expect(page.getByRole("link", { name: /Join on Zoom/ })).toBeVisible();
  await expect(page.getByRole("list", { name: "Meeting types" })).toContainText("Step Study");
  await checkPage(page, "meeting-page-moderator");
});

test("a moderator of a private group adds a one-off reunion: its members find it, visitors don't", async ({ page, loginAs, browserAs }) => {
  const [moderator, member] = await Promise.all([makeMember("Moderator"), makeMember("Alumnus")]);
  const group = await makeGroup({ visibility: "private", moderator, members: [member] });
  const reunion = `Alumni Reunion ${uniqueSuffix()}`;
  await loginAs(moderator);
  await page.goto(`/meetings/new?group=${group.slug}`);
  await expect(page.getByLabel("Group", { exact: true })).toHaveValue(String(group.id));
  await page.getByLabel("Meeting name").fill(reunion);
  await page.getByLabel("Once (a reunion, a workshop)").check();
  await page.getByLabel("Date (one-off meetings)").fill(new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10));
  await page.getByLabel("Starts at").fill("14:00");
  await page.getByLabel("Ends at").fill("17:00");
  await page.getByLabel("Time zone", { exact: true }).selectOption("America/New_York");
  await page.getByLabel("In person", { exact: true }).check();
  await page.getByLabel("Street address").fill("Riverside Dr & W 103rd St, New York, NY 10025, USA");
  await page.getByRole("button", { name: "Add meeting" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(reunion);
  await expect(page.getByText(/^Once:/)).toBeVisible();

  const search = "/meetings?q=" + encodeURIComponent(reunion);
  const visitor = await browserAs(null);
  await visitor.goto(search);
  await expect(visitor.getByText(/No meetings match/)).toBeVisible();
  const alumnus = await browserAs(member);
  await alumnus.goto(search);
  await expect(alumnus.getByRole("link", { name: reunion })).toBeVisible();
});

test("a member finds a meeting with the filters, in their own zone, and says they're going", async ({ page, loginAs }) => {
  // A member of the meeting's group: the names of those going are for the group's members.
  const member = await makeMember("Finder", { timeZone: "America/Los_Angeles" });
  const meeting = await stepStudy([member]);
  await loginAs(member);
  await page.goto("/meetings");
  await expect(page.getByText(/Times in Los Angeles time/)).toBeVisible();
  await page.getByLabel("Search", { exact: true }).fill(meeting.name);
  await page.getByLabel("Attendance").selectOption("hybrid");
  await page.getByLabel("Type").selectOption({ label: "Step Study" });
  await page.getByRole("button", { name: "Show meetings" }).click();
  await expect(page).toHaveURL(/attendance=hybrid/);
  await expect(page).toHaveURL(/type=ST/);
  const row = page
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: meeting.name }) })
    .first();
  // 19:00 in Chicago is 17:00 in Los Angeles.
  await expect(row.locator("time")).toHaveText(/^5:00 PM – 6:15 PM/);
  await checkPage(page, "meetings-directory-filtered");
  await row.getByRole("link", { name: meeting.name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(meeting.name);
  const startIso = await sayGoingToNextDate(page);
  await expect(dateOf(page, startIso)).toContainText(member.displayName);
  await checkPage(page, "meeting-page-member-going");
});

test("the personal calendar feed parses and has the meeting one is going to at the right instant", async ({ page, freshMember }) => {
  void freshMember;
  const meeting = await stepStudy();
  await page.goto(meeting.path);
  const startIso = await sayGoingToNextDate(page);
  await page.goto("/my-meetings");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My meetings");
  await expect(page.getByRole("link", { name: meeting.name })).toBeVisible();
  await page.getByRole("button", { name: "Turn on my calendar feed" }).click();
  const url = await page.getByLabel(/Your feed's address/).inputValue();
  expect(url).toMatch(/\/calendar\/[a-z2-7]+\/meetings\.ics$/);
  await expect(page.getByRole("button", { name: "Make a new address" })).toBeEnabled();
  await checkPage(page, "my-meetings-feed");
  const response = await page.request.get(new URL(url).pathname);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^text\/calendar/);
  const root = new ICAL.Component(ICAL.parse(await response.text()));
  for (const vtz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  const event = root
    .getAllSubcomponents("vevent")
    .map((v) => new ICAL.Event(v))
    .find((e) => e.summary === meeting.name);
  expect(event, "the meeting is in the feed").toBeTruthy();
  expect(event!.startDate.toJSDate().toISOString()).toBe(startIso);
  expect(event!.startDate.zone?.tzid).toBe("America/Chicago");
  expect((event!.endDate.toJSDate().getTime() - event!.startDate.toJSDate().getTime()) / 60_000).toBe(75);
});

test("after the meeting, the member records it and sees 1 of 90", async ({ page, freshMember, serverClock }) => {
  void freshMember;
  const meeting = await stepStudy();
  await page.goto(meeting.path);
  const startIso = await sayGoingToNextDate(page);
  await serverClock(new Date(Date.parse(startIso) + 90 * 60_000).toISOString());
  await page.goto("/my-meetings");
  await expect(page.getByText(/^0 of 90/)).toBeVisible();
  await page.getByRole("link", { name: meeting.name }).click();
  await page
    .getByRole("button", { name: /I attended/ })
    .first()
    .click();
  await expect(page.getByRole("status")).toContainText("Recorded in your private attendance log");
  await page.goto("/my-meetings");
  await expect(page.getByText(/^1 of 90/)).toBeVisible();
  await expect(page.locator(".attendance-log")).toContainText(meeting.name);
  await checkPage(page, "my-meetings-attended");
});

test("the Meeting Guide feed follows the spec's rules and carries no private meeting", async ({ page }) => {
  const open = await stepStudy();
  const closed = await makeMeeting(await makeGroup({ visibility: "private" }), { name: `Alumni Reunion ${uniqueSuffix()}` });
  const response = await page.request.get("/api/meetings.json");
  expect(response.headers()["access-control-allow-origin"]).toBe("*");
  const feed = (await response.json()) as Record<string, unknown>[];
  expect(feed.length).toBeGreaterThan(3);
  const slugs = new Set<string>();
  for (const m of feed) {
    expect(typeof m.name === "string" && m.name.length > 0).toBe(true);
    expect(String(m.slug)).toMatch(/^[a-z0-9-]{1,64}$/);
    expect(slugs.has(String(m.slug))).toBe(false);
    slugs.add(String(m.slug));
    for (const d of ([] as unknown[]).concat(m.day)) expect([0, 1, 2, 3, 4, 5, 6]).toContain(d);
    expect(String(m.time)).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    expect(String(m.end_time)).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
    expect(String(m.updated)).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    for (const type of m.types as string[]) expect(isMeetingType(type)).toBe(true);
    if (m.conference_phone) expect(String(m.conference_phone)).toMatch(/^[0-9+,*#]+$/);
    // Geographic information, which the Meeting Guide app needs to list a meeting at all.
    expect(String(m.formatted_address ?? "").trim().length, `${String(m.slug)} has no place`).toBeGreaterThan(0);
    expect(["yes", "no"]).toContain(m.approximate);
    if (m.attendance_option === "online" && !(m.types as string[]).includes("TC")) expect(m.approximate).toBe("yes");
  }
  const text = JSON.stringify(feed);
  expect(text).toContain(open.name);
  expect(text).not.toContain(closed.name);
  expect(text).not.toContain("Alumni Thursday Check-in");
  expect(text).not.toContain("Family Tuesday Circle");
  expect(text).not.toContain("Alex T.");
});

// It adds the feed's hundreds of public meetings to the directory, so it runs in the site-wide pass.
test("an admin imports the sussexaa feed and gets a clear report", { tag: "@site-wide" }, async ({ page, loginAs }) => {
  const group = await makeGroup({ label: "Imported" });
  await loginAs("admin");
  await page.goto("/admin/meetings-import");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import meetings");
  // 3 MB is under the page's stated 5 MB: the server reads it and the page itself answers.
  const threeMb = Buffer.concat([Buffer.from("<html>oops</html>"), Buffer.alloc(3 * 1024 * 1024, " ")]);
  await page.getByLabel("Feed file (.json)").setInputFiles({ name: "not-a-feed.json", mimeType: "application/json", buffer: threeMb });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByText(/That file isn't JSON/)).toBeVisible();
  // Over the limit: the page's own message at the file field, not an error page.
  await page.getByLabel("Feed file (.json)").setInputFiles({ name: "huge.json", mimeType: "application/json", buffer: Buffer.alloc(6 * 1024 * 1024, " ") });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import meetings");
  await expect(page.locator("#field-file-error")).toContainText(/too large.*5 MB/);
  await page.getByLabel("Feed file (.json)").setInputFiles(SUSSEX);
  await page.getByLabel("Into the group").selectOption({ label: group.name });
  await page.getByLabel("Time zone for meetings without one").selectOption("America/New_York");
  await page.getByRole("button", { name: "Import" }).click();
  const report = page.getByRole("region", { name: /Import report/ });
  await expect(report).toContainText(/\d+ added, 0 changed, 0 unchanged, \d+ missing from the feed/);
  await expect(report).toContainText("no time zone in the feed: they are set to America/New_York");
  await expect(report).toContainText("ONL");
  await checkPage(page, "meetings-import-report");
  await page.goto("/meetings?q=rehoboth+beach+speaker");
  await expect(page.getByRole("link", { name: "Rehoboth Beach Speaker" }).first()).toBeVisible();
});
