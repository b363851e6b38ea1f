// The pages people use on bad days (issue 24): crisis lines by region, and more.
import { checkPage, e2eDatabase, expect, fastTest } from "./fixtures";

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
