// The support circle, as issue 25's journey: Sam invites Alex as his accountability partner sharing
// his Benzodiazepines tracker and his check-ins; Alex accepts, sees them and sends encouragement;
// Sam's check-in with cravings 9 tells Alex (Sam asked Alex to check on him); Sam taps Reach out on
// his home page and Alex's bell shows it, urgent, with the time; Sam ends the share and Alex's
// circle page is a 404. Each test makes its own members (tests/e2e/data.ts).
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { checkPage, DESKTOP, expect, fastTest as test, makeMember, PHONE } from "./fixtures";
import { makeGroup } from "./data";

const SHOTS = "/tmp/shots-circle";

/** Phone and desktop, light and dark, for looking at (the checkPage screenshots are light only). */
async function shots(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [label, size] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      await page.setViewportSize(size);
      await page.screenshot({ path: `${SHOTS}/${name}-${label}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(DESKTOP);
}

test("Sam shares with Alex, Alex encourages, a craving and a reach-out reach Alex, and ending the share closes Alex's page", async ({ page, freshMember: sam, browserAs }) => {
  // The whole journey of issue 25 in one test, with the accessibility checks of four pages: long on a busy machine.
  test.setTimeout(360_000);
  const alex = await makeMember("Alex");
  await makeGroup({ members: [sam, alex], label: "Alumni" });

  await page.goto("/recovery/trackers/new");
  await page.getByLabel("What are you tracking?", { exact: true }).fill("Benzodiazepines");
  await page.getByLabel("Start date", { exact: true }).fill("2026-06-01");
  await page.getByRole("button", { name: "Start counting" }).click();
  await expect(page).toHaveURL(/\/recovery\/trackers\/\d+$/);

  await page.goto("/circle/invite");
  await page.getByLabel("They are your").selectOption("partner");
  await page.getByLabel("Days on a tracker (and its milestones)").selectOption({ label: "Benzodiazepines" });
  await page.getByLabel("Check-in mood and cravings (never your notes)").check();
  await page.getByLabel("A member's display name").fill(alex.displayName);
  await checkPage(page, "circle-invite");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${alex.displayName}`);

  const alexPage = await browserAs(alex);
  await alexPage.goto("/circle");
  await alexPage.getByRole("button", { name: `Accept ${sam.displayName}'s invitation` }).click();
  await expect(alexPage).toHaveURL(new RegExp(`/circle/members/${sam.id}$`));
  await expect(alexPage.getByRole("heading", { name: "Benzodiazepines" })).toBeVisible();
  await expect(alexPage.getByRole("heading", { name: "Check-ins, last two weeks" })).toBeVisible();
  await expect(alexPage.getByRole("main").getByText(/relapse-prevention plan|Meetings/)).toHaveCount(0);
  await alexPage.getByLabel("I'm proud of you.").check();
  await alexPage.getByRole("button", { name: `Send to ${sam.displayName}` }).click();
  await expect(alexPage.getByRole("status")).toContainText("Sent.");

  // Sam asks Alex to check on him at cravings 8 or more, then checks in with 9.
  await page.goto("/circle/check-on-me");
  await page.getByLabel("When a check-in's cravings are at or above").fill("8");
  await page.getByRole("button", { name: "Save my rules" }).click();
  await expect(page.getByRole("status")).toContainText("saved");
  await page.goto(`/circle/people/${alex.id}`);
  await page.getByLabel(`Ask ${alex.displayName} to check on me`, { exact: false }).check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Saved.");
  await page.goto("/recovery/check-in");
  await page.getByLabel("3 · Okay", { exact: true }).check();
  await page.getByLabel("Cravings (0–10)", { exact: true }).selectOption("9");
  await page.getByRole("button", { name: /Check in/ }).click();
  await expect(page.getByRole("status")).toContainText(/Checked in/);
  await alexPage.goto("/notifications");
  await expect(alexPage.getByRole("link", { name: `${sam.displayName} had strong cravings today: they asked you to check on them.` })).toBeVisible();

  // Reach out, one tap from the home page; the encouragement is on Sam's circle page.
  await page.goto("/");
  await page.getByRole("button", { name: "Reach out", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(`We told ${alex.displayName}`);
  await alexPage.goto("/notifications");
  const urgent = alexPage.getByRole("listitem").filter({ hasText: `Urgent: ${sam.displayName} would like to hear from you.` });
  await expect(urgent).toBeVisible();
  await expect(urgent).toContainText(/\d{1,2}:\d{2}/);
  await alexPage.goto(`/circle/members/${sam.id}`);
  await expect(alexPage.getByRole("heading", { name: `${sam.displayName} would like to hear from you` })).toBeVisible();
  await checkPage(alexPage, "circle-page");
  await shots(alexPage, "circle-page");
  await page.goto("/circle");
  await expect(page.getByText("I'm proud of you.")).toBeVisible();
  await expect(page.getByText(/opened/)).toBeVisible();
  await checkPage(page, "circle-home");
  await shots(page, "circle-home");

  // Sam ends the share: Alex's page is gone.
  await page.goto(`/circle/people/${alex.id}`);
  await shots(page, "circle-person");
  await page.getByRole("button", { name: `End sharing with ${alex.displayName}` }).click();
  await expect(page).toHaveURL(/\/circle/);
  const gone = await alexPage.goto(`/circle/members/${sam.id}`);
  expect(gone?.status()).toBe(404);
});

test("Morgan's care team (demo): Jordan sees Morgan in the list of members who asked to be checked on", async ({ page, loginAs }) => {
  await loginAs("admin");
  await page.goto("/circle/care");
  await expect(page.getByRole("link", { name: "Morgan K." })).toBeVisible();
  await expect(page.getByText(/A low mood in a check-in/)).toBeVisible();
  await checkPage(page, "circle-care");
  await shots(page, "circle-care");
});
