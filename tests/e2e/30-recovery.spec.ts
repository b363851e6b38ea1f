// Private recovery tracking, as a member uses it, with the server's clock fixed: a back-dated
// tracker at 89 days, the 90-day chip the next day, sharing it to a group, a slip met with kind
// words and the whole history, check-ins over several days with their charts, a taper, the plan and
// its print view, a journal entry, the data export — and the group's moderator and an admin get
// 404 on every one of those pages. Each test starts from a new member (tests/e2e/fixtures.ts).
import type { Page } from "@playwright/test";
import { checkPage, DESKTOP, expect, fastTest as test, joinGroup, PHONE } from "./fixtures";

const GROUP = "benzo-recovery-circle";
const SECRETS = /Calling my sponsor|Bea \(sponsor\)|Clonazepam|I did this|Crowded bus rides/;

/** Starts a tracker through the form; resolves on its page, returning its path. */
async function startTracker(page: Page, startDate: string): Promise<string> {
  await page.goto("/recovery/trackers/new");
  await page.getByLabel("What are you tracking?", { exact: true }).fill("Benzodiazepines");
  await page.getByLabel("Start date", { exact: true }).fill(startDate);
  await page.getByRole("button", { name: "Start counting" }).click();
  await expect(page).toHaveURL(/\/recovery\/trackers\/\d+$/);
  return new URL(page.url()).pathname;
}

async function recordSlip(page: Page, trackerPath: string): Promise<void> {
  await page.goto(trackerPath);
  await page.getByRole("link", { name: "I had a slip" }).click();
  await page.getByLabel("When was it?", { exact: true }).fill("2026-11-27");
  await page.getByLabel("A private note (optional)", { exact: true }).fill("Couldn't sleep for three nights. Calling my sponsor helped.");
  await page.getByRole("button", { name: "Record the slip and start again" }).click();
  await expect(page.getByText("Thank you for being honest with yourself.")).toBeVisible();
}

async function checkIn(page: Page, serverClock: (iso: string) => Promise<void>, instant: string, mood: string, cravings: string): Promise<void> {
  await serverClock(instant);
  await page.goto("/recovery/check-in");
  await page.getByLabel(mood, { exact: true }).check();
  await page.getByLabel("Cravings (0–10)", { exact: true }).selectOption(cravings);
  await page.getByLabel("Hours slept (optional)", { exact: true }).fill("6.5");
  await page.getByRole("button", { name: /Check in|Update today's check-in/ }).click();
  await expect(page.getByRole("status")).toContainText(/Checked in|updated/);
}

async function recordDose(page: Page, dose: string, from: string, count: number): Promise<void> {
  await page.getByLabel("Medication", { exact: true }).fill("Clonazepam");
  await page.getByLabel("Daily dose in mg", { exact: true }).fill(dose);
  await page.getByLabel("From", { exact: true }).fill(from);
  await page.getByRole("button", { name: "Record" }).click();
  await expect(page.getByRole("status")).toContainText("Recorded.");
  // The form is drawn afresh (empty) once the log has the new step: only then type the next one.
  await expect(page.getByRole("table", { name: "Recorded doses, newest first" }).locator("tbody tr")).toHaveCount(count);
}

async function savePlan(page: Page): Promise<void> {
  await page.goto("/recovery/plan");
  await page.getByLabel("My triggers", { exact: true }).fill("Crowded bus rides\nThe pharmacy aisle at night");
  await page.getByLabel("Name 1", { exact: true }).fill("Bea (sponsor)");
  await page.getByLabel("Phone 1", { exact: true }).fill("+1 312 555 0142");
  await page.getByLabel("Why I'm in recovery", { exact: true }).fill("Waking up clear-headed");
  await page.getByRole("button", { name: "Save my plan" }).click();
  await expect(page.getByRole("status")).toContainText("Your plan is saved.");
}

async function writeJournal(page: Page): Promise<string> {
  await page.goto("/recovery/journal");
  await page.getByLabel("What's on your mind?", { exact: true }).fill("Ninety days. **I did this.**");
  await page.getByRole("button", { name: "Save entry" }).click();
  await expect(page.locator(".journal-entry strong")).toHaveText("I did this.");
  return (await page
    .getByRole("link", { name: /Edit or delete/ })
    .first()
    .getAttribute("href"))!;
}

test("a new member's private space, and a back-dated tracker at 89 days that earns its 90-day chip the next day", async ({ page, freshMember, serverClock }) => {
  await serverClock("2026-11-30T17:00:00Z");
  await joinGroup(freshMember, GROUP);
  await page.goto("/");
  await page.getByRole("banner").getByRole("link", { name: "My recovery" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My recovery");
  await expect(page.getByText("Only you can see this space")).toBeVisible();
  await checkPage(page, "recovery-empty");

  await page.getByRole("link", { name: "Start a tracker" }).click();
  await page.getByLabel("What are you tracking?", { exact: true }).fill("Benzodiazepines");
  await page.getByLabel("Start date", { exact: true }).fill("2026-12-25");
  await page.getByRole("button", { name: "Start counting" }).click();
  await expect(page.getByText(/can't be in the future/)).toBeVisible();
  await page.getByLabel("Start date", { exact: true }).fill("2026-09-02");
  await page.getByRole("button", { name: "Start counting" }).click();
  await expect(page).toHaveURL(/\/recovery\/trackers\/\d+$/);
  await expect(page.locator(".count-card__days")).toContainText("89");
  await expect(page.getByText("Next: 90 days")).toBeVisible();
  await expect(page.getByText("tomorrow")).toBeVisible();
  await expect(page.getByRole("img", { name: "60 days chip" })).toBeVisible();
  await expect(page.getByRole("img", { name: "90 days chip (still to come)" })).toBeVisible();
  await checkPage(page, "recovery-tracker-89-days");

  await serverClock("2026-12-01T17:00:00Z");
  await page.reload();
  await expect(page.locator(".count-card__days")).toContainText("90");
  await expect(page.getByRole("img", { name: "90 days chip", exact: true })).toBeVisible();
  await expect(page.getByText("Next: 6 months")).toBeVisible();
});

test("the member chooses to share the 90 days with their group — and nothing else", async ({ page, freshMember, serverClock }) => {
  await serverClock("2026-12-01T17:00:00Z");
  await joinGroup(freshMember, GROUP);
  await startTracker(page, "2026-09-02");
  await page.getByRole("link", { name: "Share your 90 days" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Share your 90 days?");
  await checkPage(page, "recovery-share");
  await page.getByLabel("Benzo Recovery Circle", { exact: true }).check();
  await page.getByRole("button", { name: "Share it" }).click();
  await expect(page.getByText("Shared with your group")).toBeVisible();
  await expect(page.getByText("Shared in Benzo Recovery Circle")).toBeVisible();
  await page.goto(`/groups/${GROUP}`);
  await page.getByRole("link", { name: `${freshMember.displayName} celebrates 90 days` }).click();
  await expect(page.locator(".post").first()).toContainText(`${freshMember.displayName} celebrates 90 days`);
  await expect(page.locator("main")).not.toContainText("Benzodiazepines");
});

test("a slip is met with kind words; the history and totals keep every day", async ({ page, freshMember, serverClock }) => {
  await serverClock("2026-12-01T17:00:00Z");
  void freshMember;
  const tracker = await startTracker(page, "2026-09-02");
  await recordSlip(page, tracker);
  await expect(page.getByText(/your 86 days before it are still yours/)).toBeVisible();
  await expect(page.locator(".count-card__days")).toContainText("4");
  const totals = page.locator(".totals");
  await expect(totals).toContainText("Longest streak86 days");
  await expect(totals).toContainText("Total sober days90 days");
  await expect(page.getByRole("table")).toContainText("Calling my sponsor helped.");
  await checkPage(page, "recovery-after-slip");
});

test("check-ins on several days draw the charts", async ({ page, freshMember, serverClock }) => {
  void freshMember;
  await checkIn(page, serverClock, "2026-11-28T17:00:00Z", "2 · Low", "7");
  await checkIn(page, serverClock, "2026-11-29T17:00:00Z", "3 · Okay", "5");
  await checkIn(page, serverClock, "2026-12-01T17:00:00Z", "4 · Good", "2");
  await expect(page.getByText("You checked in on 3 of 30 days.")).toBeVisible();
  // Mood and cravings each on an axis of their own.
  await expect(page.getByRole("img", { name: /^Mood over the last 30 days, from 1 \(very low\) to 5 \(very good\)/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Cravings over the last 30 days, from 0 \(none\) to 10/ })).toBeVisible();
  // On a phone the chart fits the width, today in view: nothing to scroll sideways.
  await page.setViewportSize(PHONE);
  const phoneChart = page.getByRole("img", { name: /^Mood over the last 30 days/ });
  await expect(phoneChart).toBeVisible();
  const box = await phoneChart.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
  const today = await phoneChart.getByText("Today").boundingBox();
  expect(today!.x + today!.width).toBeLessThanOrEqual(PHONE.width);
  await page.setViewportSize(DESKTOP);
  await expect(page.getByRole("img", { name: "Calendar: you checked in on 3 of the last 30 days." })).toBeVisible();
  await checkPage(page, "recovery-check-in");
  await page.getByRole("link", { name: "90 days" }).click();
  await expect(page.getByRole("heading", { name: "The last 90 days" })).toBeVisible();
});

test("a taper is recorded and drawn, with the safety line", async ({ page, freshMember, serverClock }) => {
  await serverClock("2026-12-01T17:00:00Z");
  void freshMember;
  await page.goto("/recovery/taper");
  await expect(page.getByText("Stopping a benzodiazepine abruptly can be dangerous (seizures)")).toBeVisible();
  await recordDose(page, "10", "2026-10-01", 1);
  await recordDose(page, "7.5", "2026-11-01", 2);
  await expect(page.getByRole("img", { name: "Clonazepam: dose over time, as recorded" })).toBeVisible();
  await checkPage(page, "recovery-taper");
});

test("the plan is filled in, printed, and one tap away on the crisis page", async ({ page, freshMember }) => {
  await savePlan(page);
  await checkPage(page, "recovery-plan");
  await page.getByRole("link", { name: "Printable view" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${freshMember.displayName}'s relapse-prevention plan`);
  await expect(page.getByText("Bea (sponsor)")).toBeVisible();
  await checkPage(page, "recovery-plan-print");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("banner")).toBeHidden();
  await page.screenshot({ path: "test-results/screenshots/recovery-plan-printed.png", fullPage: true });
  await page.emulateMedia({ media: "screen" });
  await page.goto("/help");
  await page.getByRole("link", { name: "Open my relapse-prevention plan" }).click();
  await expect(page.getByText("Bea (sponsor)")).toBeVisible();
});

test("a journal entry, in Markdown", async ({ page, freshMember, serverClock }) => {
  await serverClock("2026-12-01T17:00:00Z");
  void freshMember;
  await writeJournal(page);
  await checkPage(page, "recovery-journal");
});

test("the member downloads all their data", async ({ page, freshMember, serverClock }) => {
  await serverClock("2026-12-01T17:00:00Z");
  void freshMember;
  const tracker = await startTracker(page, "2026-09-02");
  await recordSlip(page, tracker);
  await checkIn(page, serverClock, "2026-12-01T17:00:00Z", "4 · Good", "2");
  await savePlan(page);
  await page.goto("/recovery/export");
  await checkPage(page, "recovery-export");
  const json = await page.request.get("/recovery/export/harbor-data.json");
  expect(json.headers()["content-disposition"]).toContain("harbor-data.json");
  const data = await json.json();
  expect(data.trackers[0].name).toBe("Benzodiazepines");
  expect(data.trackers[0].streaks[0].slipNote).toContain("Calling my sponsor helped.");
  expect(data.checkins).toHaveLength(1);
  expect(data.plan.plan.triggers).toContain("Crowded bus rides");
  const csv = await page.request.get("/recovery/export/check-ins.csv");
  expect(await csv.text()).toContain("day,mood,cravings,sleep_hours,went_to_meeting,note");
});

for (const who of ["sam", "admin"] as const) {
  test(`${who === "sam" ? "the group's moderator" : "an admin"} gets 404 on a member's private pages, and sees none of it anywhere`, async ({
    page,
    freshMember,
    serverClock,
    loginAs,
  }) => {
    await serverClock("2026-12-01T17:00:00Z");
    await joinGroup(freshMember, GROUP);
    const tracker = await startTracker(page, "2026-09-02");
    await recordSlip(page, tracker);
    await page.goto("/recovery/taper");
    await recordDose(page, "10", "2026-10-01", 1);
    await savePlan(page);
    const entry = await writeJournal(page);

    await loginAs(who);
    for (const url of [tracker, `${tracker}/slip`, `${tracker}/edit`, `${tracker}/share?milestone=1`, entry]) {
      const res = await page.goto(url);
      expect(res?.status(), `${who} at ${url}`).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
    }
    for (const url of ["/recovery/check-in", "/recovery/taper", "/recovery/plan", "/recovery/plan/print", "/recovery/journal", "/recovery/export"]) {
      await page.goto(url);
      await expect(page.locator("main")).not.toContainText(SECRETS);
    }
    const json = await page.request.get("/recovery/export/harbor-data.json");
    expect(await json.text()).not.toMatch(SECRETS);
    await page.goto(`/search?q=${encodeURIComponent("sponsor helped")}`);
    await expect(page.locator("main")).not.toContainText("Calling my sponsor");
  });
}

// The milestone style is the whole site's: this runs in the site-wide pass (playwright.config.ts).
test("an admin chooses the NA key tags", { tag: "@site-wide" }, async ({ page, loginAs }) => {
  await loginAs("admin");
  await page.goto("/admin/milestones");
  await checkPage(page, "admin-milestones");
  await page.getByLabel(/^NA key tags/).check();
  await page.getByRole("button", { name: "Save milestones" }).click();
  await expect(page.getByRole("status")).toContainText("NA key tags");
  await page.getByLabel(/^Harbor's default/).check();
  await page.getByRole("button", { name: "Save milestones" }).click();
  await page.reload();
  await expect(page.getByLabel(/^Harbor's default/)).toBeChecked();
});
