// The pages people use on bad days (issue 24): crisis lines by region, and more.
import { checkPage, e2eDatabase, expect, fastTest, joinGroup } from "./fixtures";

fastTest("a London member sees the UK's crisis lines first, and the others one tap away", async ({ page, freshMember }) => {
  const db = await e2eDatabase();
  await db.updateTable("users").set({ time_zone: "Europe/London" }).where("id", "=", freshMember.id).execute();
  await page.goto("/help");
  await expect(page.getByRole("heading", { name: "Talk to someone now (United Kingdom)" })).toBeVisible();
  const lines = page.getByRole("list", { name: /Talk to someone now/ });
  await expect(lines.getByRole("link", { name: "Call 116 123" })).toHaveAttribute("href", "tel:116123");
  await expect(lines.getByRole("link", { name: "Call or text 988" })).toHaveCount(0);
  await checkPage(page, "help-london");
  await page.getByRole("navigation", { name: "Somewhere else?" }).getByRole("link", { name: "Canada" }).click();
  await expect(page.getByRole("heading", { name: "Talk to someone now (Canada)" })).toBeVisible();
  await expect(page.getByRole("list", { name: /Talk to someone now/ }).getByRole("link", { name: "Call or text 988" })).toHaveAttribute("href", "tel:988");
});

fastTest("discreet mode hides what a member counts on the home page until tapped", async ({ page, freshMember }) => {
  void freshMember;
  await page.goto("/recovery/trackers/new");
  await page.getByLabel("What are you tracking?", { exact: true }).fill("Alcohol");
  await page.getByLabel("Start date", { exact: true }).fill("2026-01-02");
  await page.getByRole("button", { name: "Start counting" }).click();
  await expect(page).toHaveURL(/\/recovery\/trackers\/\d+$/);
  await page.goto("/");
  const days = page.getByRole("region", { name: "Your days" });
  await expect(days.getByRole("link", { name: "Alcohol" })).toBeVisible();
  await days.getByRole("button", { name: "Discreet mode" }).click();
  await expect(days.getByRole("button", { name: "Discreet mode" })).toHaveAttribute("aria-pressed", "true");
  await expect(days.getByText("Tracker 1 · tap to show")).toBeVisible();
  await expect(days.getByRole("link", { name: "Alcohol" })).toBeHidden();
  await expect(days.getByText(/\d+ days/)).toBeHidden();
  await checkPage(page, "home-discreet");
  await days.getByText("Tracker 1 · tap to show").click();
  await expect(days.getByRole("link", { name: "Alcohol" })).toBeVisible();
});

fastTest("the admin's moderation dashboard reads as a daily view", async ({ page, loginAs }) => {
  await loginAs("admin");
  await page.goto("/admin/moderation");
  await expect(page.getByRole("heading", { name: "Waiting for a moderator" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Waiting longest" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Time to a first action" })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Posts per day, last 14 days/ })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Go to" }).getByRole("link", { name: "Review queue" })).toBeVisible();
  await checkPage(page, "admin-moderation");
});

fastTest("other members see a calm cue under a crisis post, and no cheering reactions on it", async ({ page, freshMember }) => {
  await joinGroup(freshMember, "benzo-recovery-circle");
  await page.goto("/groups/benzo-recovery-circle");
  await page.getByRole("link", { name: "Week 6 of the taper and struggling" }).click();
  const crisisPost = page.getByRole("listitem").filter({ hasText: "I don't want to be alive anymore" });
  await expect(crisisPost.getByRole("note")).toContainText("This member may be struggling — a kind reply helps; if you're worried, report it to a moderator");
  await expect(crisisPost.getByRole("button", { name: "Support" })).toBeVisible();
  await expect(crisisPost.getByRole("button", { name: /Proud of you|Me too/ })).toHaveCount(0);
  await checkPage(page, "thread-crisis-cue");
});
