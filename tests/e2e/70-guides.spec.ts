// The resource library (docs/guides.md) in Chromium: an admin edits a starter guide and its
// history shows the change as a diff; a check-in with cravings at 8 offers two guides; a member
// saves a guide to My guides; a visitor reads a public guide and is not shown a members-only one.
import { checkPage, expect, fastTest as test, makeMember } from "./fixtures";

test("Jordan (admin) edits a starter guide and its history shows the diff", { tag: "@site-wide" }, async ({ page, loginAs }) => {
  await loginAs("admin");
  await page.goto("/guides");
  await expect(page.getByRole("heading", { name: "Guides", level: 1 })).toBeVisible();
  await page.getByRole("link", { name: "The first weeks home" }).click();
  await expect(page.getByText("From Harbor's starter library; not yet reviewed on this site.")).toBeVisible();
  await page.getByRole("link", { name: "Edit guide" }).click();
  const body = page.getByLabel("The guide", { exact: true });
  await body.fill((await body.inputValue()).replace("One connection a day", "One connection every day"));
  await page.getByLabel("What changed (optional)", { exact: true }).fill("Clearer first anchor");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(/\/guides\/the-first-weeks-home$/);
  await expect(page.getByText(/Last reviewed on .* by Jordan \(admin\)\./)).toBeVisible();
  await expect(page.getByText("One connection every day")).toBeVisible();
  await page.getByRole("link", { name: "History" }).click();
  const latest = page.getByRole("listitem").filter({ hasText: "Version 2" });
  await expect(latest).toContainText("Jordan (admin)");
  await expect(latest).toContainText("“Clearer first anchor”");
  await expect(latest.locator("del")).toHaveText(["[removed: a]"]);
  await expect(latest.locator("ins")).toHaveText(["[added: every]"]);
  await checkPage(page, "guides-history");
});

test("a check-in with cravings at 8 offers two guides, and a member saves one to My guides", async ({ page, freshMember }) => {
  void freshMember;
  await page.goto("/recovery/check-in");
  await expect(page.getByRole("heading", { name: "Cravings are strong today" })).toHaveCount(0);
  await page.getByLabel("2 · Low", { exact: true }).check();
  await page.getByLabel("Cravings (0–10)", { exact: true }).selectOption("8");
  await page.getByRole("button", { name: "Check in" }).click();
  await expect(page.getByRole("status")).toContainText("Checked in");
  const offer = page.getByRole("region", { name: "Cravings are strong today" });
  await expect(offer.getByRole("link")).toHaveText(["Urge surfing: riding out a craving", "HALT: hungry, angry, lonely, tired"]);
  await checkPage(page, "guides-check-in-offer");
  await offer.getByRole("link", { name: "Urge surfing: riding out a craving" }).click();
  await expect(page.getByRole("heading", { name: "Urge surfing: riding out a craving", level: 1 })).toBeVisible();
  await expect(page.getByText("not medical advice")).toBeVisible();
  await page.getByRole("button", { name: "Save to My guides" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved to My guides.");
  await page.goto("/my-guides");
  await expect(page.getByRole("link", { name: "Urge surfing: riding out a craving" })).toBeVisible();
});

test("a visitor sees the library's public guides", async ({ page }) => {
  await page.goto("/guides");
  await expect(page.getByRole("link", { name: "Tapering safely: why dose changes stay with your prescriber" })).toBeVisible();
  await checkPage(page, "guides-index");
});

test("a visitor reads public guides from the crisis page, and a missing guide says so calmly", async ({ page }) => {
  await page.goto("/help");
  await page.getByRole("region", { name: "Guides for getting through it" }).getByRole("link", { name: "Grounding for panic: 5-4-3-2-1" }).click();
  await expect(page.getByRole("heading", { name: "Grounding for panic: 5-4-3-2-1", level: 1 })).toBeVisible();
  await checkPage(page, "guides-guide");
  await expect(page.getByRole("link", { name: "Sign in" }).last()).toBeVisible();
  const response = await page.goto("/guides/no-such-guide");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "We couldn't find that guide" })).toBeVisible();
});

test("an editor adds a collection, and removes it while it is empty", async ({ page, loginAs }) => {
  const editor = await makeMember("Editor", { role: "editor" });
  await loginAs(editor);
  await page.goto("/guides");
  await page.getByRole("link", { name: "Collections" }).click();
  await expect(page.getByRole("heading", { name: "Collections", level: 1 })).toBeVisible();
  const name = `For partners ${editor.id.slice(0, 6)}`;
  const add = page.getByRole("region", { name: "Add a collection" });
  await add.getByRole("button", { name: "Add collection" }).click();
  await expect(add.getByText("Please enter a name.")).toBeVisible();
  await add.getByLabel("Name", { exact: true }).fill(name);
  await add.getByLabel("Description (optional)", { exact: true }).fill("For the people closest to someone in recovery.");
  await add.getByRole("button", { name: "Add collection" }).click();
  await expect(add.getByRole("status")).toContainText(`Added “${name}”`);
  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name }) });
  await expect(card).toContainText("no guides");
  await checkPage(page, "guides-collections");
  await card.getByRole("button", { name: `Remove ${name}` }).click();
  await expect(page.getByRole("heading", { name })).toHaveCount(0);
});
