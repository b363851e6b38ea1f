// "Need help now?" must be one tap away on every page, for everyone, with a mouse or a keyboard.
import type { Page } from "@playwright/test";
import { checkPage, expect, fastTest as test, header, ownMemberPath, PHONE } from "./fixtures";

/** The crisis page with the default (US) resources and the benzodiazepine safety note. */
async function expectCrisisPage(page: Page) {
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Need help now?");
  const resources = page.getByRole("list", { name: /Talk to someone now/ });
  await expect(resources.getByRole("link", { name: "Call or text 988" })).toHaveAttribute("href", "tel:988");
  await expect(resources.getByRole("link", { name: /1-800-662-4357/ })).toHaveAttribute("href", "tel:+18006624357");
  await expect(resources.getByRole("link", { name: "Call 911" })).toHaveAttribute("href", "tel:911");
  const safety = page.getByRole("note");
  await expect(safety.getByRole("heading", { name: "If you take a benzodiazepine" })).toBeVisible();
  await expect(safety).toContainText("Stopping a benzodiazepine suddenly can be dangerous");
  await expect(safety).toContainText("seizures");
}

/** On each page: the header's crisis link is there (at desktop and phone width) and leads to the crisis page. */
async function expectCrisisLinkOn(page: Page, paths: string[]) {
  for (const path of paths) {
    await test.step(path, async () => {
      await page.goto(path);
      const link = header(page).getByRole("link", { name: "Need help now?" });
      await expect(link).toBeVisible();
      await expect(link).toHaveAttribute("href", "/help");
      await page.setViewportSize(PHONE);
      await expect(link).toBeInViewport();
      await page.setViewportSize({ width: 1280, height: 720 });
      await link.click();
      await expectCrisisPage(page);
    });
  }
}

test("the crisis page is open to everyone and lists the default resources", async ({ page }) => {
  const response = await page.goto("/help");
  expect(response?.status()).toBe(200);
  await expectCrisisPage(page);
  await expect(page.getByRole("heading", { name: "Talk to someone now (United States)" })).toBeVisible();
  await checkPage(page, "help");
});

test("signed out: every page has the crisis link", async ({ page }) => {
  await expectCrisisLinkOn(page, ["/", "/login", "/signup", "/help", "/nonexistent"]);
});

test("signed in: every page has the crisis link", async ({ page, freshMember }) => {
  void freshMember;
  const memberPath = await ownMemberPath(page);
  await expectCrisisLinkOn(page, ["/", "/settings/profile", "/settings/sessions", "/settings/password", "/settings/email", "/settings/delete", memberPath]);
});

test("admin: every admin page has the crisis link", async ({ page, loginAs }) => {
  await loginAs("admin");
  await expectCrisisLinkOn(page, ["/admin", "/admin/users", "/admin/crisis"]);
});

test("the crisis link is among the first things the keyboard reaches", async ({ page }) => {
  for (const path of ["/", "/login", "/nonexistent"]) {
    await test.step(path, async () => {
      await page.goto(path);
      await page.keyboard.press("Tab");
      const skip = page.getByRole("link", { name: "Skip to content" });
      await expect(skip).toBeFocused();
      await expect(skip).toBeInViewport();

      let reached = false;
      for (let presses = 0; presses < 4 && !reached; presses++) {
        await page.keyboard.press("Tab");
        reached = await header(page)
          .getByRole("link", { name: "Need help now?" })
          .evaluate((el) => el === document.activeElement);
      }
      expect(reached, `"Need help now?" takes more than 5 Tab presses on ${path}`).toBe(true);
      await page.keyboard.press("Enter");
      await expectCrisisPage(page);
    });
  }
});

test("Skip to content moves the keyboard past the header", async ({ page }) => {
  await page.goto("/login");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
  // The next Tab lands in the page's own content (the sign-in form), not back in the header.
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("E-mail address")).toBeFocused();
});
