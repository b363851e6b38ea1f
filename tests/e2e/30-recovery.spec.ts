// Private recovery tracking, as a member uses it, with the clock fixed: a back-dated tracker at 89
// days, the 90-day chip the next day, sharing it to a group, a slip met with kind words and the
// whole history, check-ins over several days with their charts, a taper, the plan and its print
// view, a journal entry, the data export — and the group's moderator and an admin get 404 on every
// one of those pages.
import { checkPage, expect, newAccount, signIn, signOut, signUp, test, ADMIN, DEMO_PASSWORD, ORIGIN } from "./fixtures";
import type { Page } from "@playwright/test";

async function setClock(page: Page, iso: string) {
  const res = await page.request.post("/__test/clock", { data: { now: iso }, headers: { Origin: ORIGIN } });
  expect(res.ok()).toBe(true);
}

test("a member tracks their recovery privately; only a milestone they share is seen, in that group only", async ({ page }) => {
  test.setTimeout(480_000); // one long journey: eleven pages checked with axe at two widths
  const account = newAccount("Rowan");
  const privateUrls: string[] = [];
  let trackerUrl = "";
  try {
    await setClock(page, "2026-11-30T17:00:00Z");

    await test.step("a new member joins a group and opens their private space", async () => {
      await signUp(page, account);
      await page.goto("/groups/benzo-recovery-circle");
      await page.getByRole("button", { name: "Join this group" }).click();
      await expect(page.getByRole("button", { name: /Leave/ })).toBeVisible();
      await page.getByRole("banner").getByRole("link", { name: "My recovery" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("My recovery");
      await expect(page.getByText("Only you can see this space")).toBeVisible();
      await checkPage(page, "recovery-empty");
    });

    await test.step("a back-dated tracker shows 89 days, the next milestone and the chips so far", async () => {
      await page.getByRole("link", { name: "Start a tracker" }).click();
      await page.getByLabel("What are you tracking?", { exact: true }).fill("Benzodiazepines");
      await page.getByLabel("Start date", { exact: true }).fill("2026-12-25");
      await page.getByRole("button", { name: "Start counting" }).click();
      await expect(page.getByText(/can't be in the future/)).toBeVisible();
      await page.getByLabel("Start date", { exact: true }).fill("2026-09-02");
      await page.getByRole("button", { name: "Start counting" }).click();
      await expect(page).toHaveURL(/\/recovery\/trackers\/\d+$/);
      trackerUrl = new URL(page.url()).pathname;
      await expect(page.locator(".count-card__days")).toContainText("89");
      await expect(page.getByText("Next: 90 days")).toBeVisible();
      await expect(page.getByText("tomorrow")).toBeVisible();
      await expect(page.getByRole("img", { name: "60 days chip" })).toBeVisible();
      await expect(page.getByRole("img", { name: "90 days chip (still to come)" })).toBeVisible();
      await checkPage(page, "recovery-tracker-89-days");
    });

    await test.step("a day later the 90-day chip is earned", async () => {
      await setClock(page, "2026-12-01T17:00:00Z");
      await page.reload();
      await expect(page.locator(".count-card__days")).toContainText("90");
      await expect(page.getByRole("img", { name: "90 days chip", exact: true })).toBeVisible();
      await expect(page.getByText("Next: 6 months")).toBeVisible();
    });

    await test.step("the member chooses to share the 90 days with their group — and nothing else", async () => {
      await page.getByRole("link", { name: "Share your 90 days" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Share your 90 days?");
      await checkPage(page, "recovery-share");
      await page.getByLabel("Benzo Recovery Circle", { exact: true }).check();
      await page.getByRole("button", { name: "Share it" }).click();
      await expect(page.getByText("Shared with your group")).toBeVisible();
      await expect(page.getByText("Shared in Benzo Recovery Circle")).toBeVisible();
      await page.goto("/groups/benzo-recovery-circle");
      await page.getByRole("link", { name: `${account.displayName} celebrates 90 days` }).click();
      await expect(page.locator(".post").first()).toContainText(`${account.displayName} celebrates 90 days`);
      await expect(page.locator("main")).not.toContainText("Benzodiazepines");
      await page.goto(trackerUrl);
    });

    await test.step("a slip is met with kind words; the history and totals keep every day", async () => {
      await page.getByRole("link", { name: "I had a slip" }).click();
      await page.getByLabel("When was it?", { exact: true }).fill("2026-11-27");
      await page.getByLabel("A private note (optional)", { exact: true }).fill("Couldn't sleep for three nights. Calling my sponsor helped.");
      await page.getByRole("button", { name: "Record the slip and start again" }).click();
      await expect(page.getByText("Thank you for being honest with yourself.")).toBeVisible();
      await expect(page.getByText(/your 86 days before it are still yours/)).toBeVisible();
      await expect(page.locator(".count-card__days")).toContainText("4");
      const totals = page.locator(".totals");
      await expect(totals).toContainText("Longest streak86 days");
      await expect(totals).toContainText("Total sober days90 days");
      await expect(page.getByRole("table")).toContainText("Calling my sponsor helped.");
      await checkPage(page, "recovery-after-slip");
      privateUrls.push(trackerUrl, `${trackerUrl}/slip`, `${trackerUrl}/edit`, `${trackerUrl}/share?milestone=1`);
    });

    await test.step("check-ins on several days draw the charts", async () => {
      const days = [["2026-11-28T17:00:00Z", "2 · Low", "7"], ["2026-11-29T17:00:00Z", "3 · Okay", "5"], ["2026-12-01T17:00:00Z", "4 · Good", "2"]] as const;
      for (const [instant, mood, cravings] of days) {
        await setClock(page, instant);
        await page.goto("/recovery/check-in");
        await page.getByLabel(mood, { exact: true }).check();
        await page.getByLabel("Cravings (0–10)", { exact: true }).selectOption(cravings);
        await page.getByLabel("Hours slept (optional)", { exact: true }).fill("6.5");
        await page.getByRole("button", { name: /Check in|Update today's check-in/ }).click();
        await expect(page.getByRole("status")).toContainText(/Checked in|updated/);
      }
      await expect(page.getByText("You checked in on 3 of 30 days.")).toBeVisible();
      await expect(page.getByRole("img", { name: /Mood \(1–5\) and cravings/ })).toBeVisible();
      await expect(page.getByRole("img", { name: "Calendar: you checked in on 3 of the last 30 days." })).toBeVisible();
      await checkPage(page, "recovery-check-in");
      await page.getByRole("link", { name: "90 days" }).click();
      await expect(page.getByRole("heading", { name: "The last 90 days" })).toBeVisible();
      privateUrls.push("/recovery/check-in");
    });

    await test.step("a taper is recorded and drawn, with the safety line", async () => {
      await page.goto("/recovery/taper");
      await expect(page.getByText("Stopping a benzodiazepine abruptly can be dangerous (seizures)")).toBeVisible();
      const logged = page.getByRole("table", { name: "Recorded doses, newest first" }).locator("tbody tr");
      for (const [i, [dose, from]] of ([["10", "2026-10-01"], ["7.5", "2026-11-01"]] as const).entries()) {
        await page.getByLabel("Medication", { exact: true }).fill("Clonazepam");
        await page.getByLabel("Daily dose in mg", { exact: true }).fill(dose);
        await page.getByLabel("From", { exact: true }).fill(from);
        await page.getByRole("button", { name: "Record" }).click();
        await expect(page.getByRole("status")).toContainText("Recorded.");
        // The form is drawn afresh (empty) once the log has the new step: only then type the next one.
        await expect(logged).toHaveCount(i + 1);
      }
      await expect(page.getByRole("img", { name: "Clonazepam: dose over time, as recorded" })).toBeVisible();
      await checkPage(page, "recovery-taper");
      privateUrls.push("/recovery/taper");
    });

    await test.step("the plan is filled in and printed", async () => {
      await page.goto("/recovery/plan");
      await page.getByLabel("My triggers", { exact: true }).fill("Crowded bus rides\nThe pharmacy aisle at night");
      await page.getByLabel("Name 1", { exact: true }).fill("Bea (sponsor)");
      await page.getByLabel("Phone 1", { exact: true }).fill("+1 312 555 0142");
      await page.getByLabel("Why I'm in recovery", { exact: true }).fill("Waking up clear-headed");
      await page.getByRole("button", { name: "Save my plan" }).click();
      await expect(page.getByRole("status")).toContainText("Your plan is saved.");
      await checkPage(page, "recovery-plan");
      await page.getByRole("link", { name: "Printable view" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${account.displayName}'s relapse-prevention plan`);
      await expect(page.getByText("Bea (sponsor)")).toBeVisible();
      await checkPage(page, "recovery-plan-print");
      await page.emulateMedia({ media: "print" });
      await expect(page.getByRole("banner")).toBeHidden();
      await page.screenshot({ path: "test-results/screenshots/recovery-plan-printed.png", fullPage: true });
      await page.emulateMedia({ media: "screen" });
      await page.goto("/help");
      await page.getByRole("link", { name: "Open my relapse-prevention plan" }).click();
      await expect(page.getByText("Bea (sponsor)")).toBeVisible();
      privateUrls.push("/recovery/plan", "/recovery/plan/print");
    });

    await test.step("a journal entry", async () => {
      await page.goto("/recovery/journal");
      await page.getByLabel("What's on your mind?", { exact: true }).fill("Ninety days. **I did this.**");
      await page.getByRole("button", { name: "Save entry" }).click();
      await expect(page.locator(".journal-entry strong")).toHaveText("I did this.");
      await checkPage(page, "recovery-journal");
      const href = await page.getByRole("link", { name: /Edit or delete/ }).first().getAttribute("href");
      privateUrls.push("/recovery/journal", href!);
    });

    await test.step("the member downloads all their data", async () => {
      await page.goto("/recovery/export");
      await checkPage(page, "recovery-export");
      const json = await page.request.get("/recovery/export/harbor-data.json");
      expect(json.headers()["content-disposition"]).toContain("harbor-data.json");
      const data = await json.json();
      expect(data.trackers[0].name).toBe("Benzodiazepines");
      expect(data.trackers[0].streaks[0].slipNote).toContain("Calling my sponsor helped.");
      expect(data.checkins).toHaveLength(3);
      expect(data.plan.plan.triggers).toContain("Crowded bus rides");
      const csv = await page.request.get("/recovery/export/check-ins.csv");
      expect(await csv.text()).toContain("day,mood,cravings,sleep_hours,went_to_meeting,note");
      privateUrls.push("/recovery/export");
    });
    await signOut(page);

    for (const [who, email, password] of [["the group's moderator", "sam@harbor.test", DEMO_PASSWORD], ["an admin", ADMIN.email, ADMIN.password]] as const) {
      await test.step(`${who} gets 404 on every private page, and sees none of it anywhere`, async () => {
        await signIn(page, email, password);
        for (const url of privateUrls.filter((u) => /\/(trackers|journal)\/\d+/.test(u))) {
          const res = await page.goto(url);
          expect(res?.status(), `${who} at ${url}`).toBe(404);
          await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
        }
        for (const url of privateUrls.filter((u) => !/\/(trackers|journal)\/\d+/.test(u))) {
          await page.goto(url);
          await expect(page.locator("main")).not.toContainText(/Calling my sponsor|Bea \(sponsor\)|Clonazepam|I did this|Crowded bus rides/);
        }
        const json = await page.request.get("/recovery/export/harbor-data.json");
        expect(await json.text()).not.toMatch(/Calling my sponsor|Bea \(sponsor\)|Clonazepam|Crowded bus rides|I did this/);
        await page.goto(`/search?q=${encodeURIComponent("sponsor helped")}`);
        await expect(page.locator("main")).not.toContainText("Calling my sponsor");
        await signOut(page);
      });
    }

    await test.step("an admin chooses the NA key tags", async () => {
      await signIn(page, ADMIN.email, ADMIN.password);
      await page.goto("/admin/milestones");
      await checkPage(page, "admin-milestones");
      await page.getByLabel(/^NA key tags/).check();
      await page.getByRole("button", { name: "Save milestones" }).click();
      await expect(page.getByRole("status")).toContainText("NA key tags");
      await page.getByLabel(/^Harbor's default/).check();
      await page.getByRole("button", { name: "Save milestones" }).click();
    });
  } finally {
    await page.request.post("/__test/clock", { data: { reset: true }, headers: { Origin: ORIGIN } });
  }
});
