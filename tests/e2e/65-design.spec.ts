// The phone-first header, the one reading column and the dark theme (issue 24's design part).
import type { Page } from "@playwright/test";
import { DESKTOP, expect, expectAccessible, fastTest, header, PHONE } from "./fixtures";

const test = fastTest;

/** The header's height and whether its parts sit on one row (their vertical centres within a few pixels). */
async function headerRow(page: Page) {
  const banner = header(page);
  const height = (await banner.boundingBox())?.height ?? 0;
  const parts = [banner.getByRole("link", { name: /, home$/ }), banner.getByRole("link", { name: "Need help now?" }), banner.locator("summary")];
  if ((await banner.getByRole("link", { name: /^Notifications/ }).count()) > 0) parts.push(banner.getByRole("link", { name: /^Notifications/ }));
  const centres = [];
  for (const part of parts) {
    await expect(part).toBeVisible();
    const box = (await part.boundingBox())!;
    centres.push(box.y + box.height / 2);
  }
  return { height, spread: Math.max(...centres) - Math.min(...centres) };
}

/** The threads page of the demo's public board, and its first thread. */
async function openDemoThread(page: Page) {
  await page.goto("/groups/benzo-recovery-circle");
  await page.getByRole("link", { name: "What got you through the evenings?" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("What got you through the evenings?");
}

test("on a phone the header is one row: the name, Need help now?, the bell and a menu that opens the places", async ({ page, loginAs }) => {
  await page.setViewportSize(PHONE);
  await test.step("signed out", async () => {
    await page.goto("/");
    const row = await headerRow(page);
    expect(row.spread).toBeLessThan(4);
    expect(row.height).toBeLessThan(80);
    await expect(header(page).getByRole("link", { name: "Sign in" })).toBeHidden();
    await header(page).locator("summary").click();
    await header(page).getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login$/);
    // The menu closes once the visitor has gone somewhere.
    await expect(header(page).getByRole("link", { name: "Meetings" })).toBeHidden();
  });
  await test.step("an admin, who has the most places", async () => {
    await loginAs("admin");
    await page.goto("/");
    const row = await headerRow(page);
    expect(row.spread).toBeLessThan(4);
    expect(row.height).toBeLessThan(80);
    const menu = header(page).locator("summary");
    await menu.click();
    const places = header(page).getByRole("navigation", { name: "Main" });
    for (const name of ["Home", "Groups", "Meetings", "My recovery", "Settings", "Admin"]) await expect(places.getByRole("link", { name, exact: true })).toBeVisible();
    await expect(places.getByRole("button", { name: "Sign out" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(places.getByRole("link", { name: "Admin" })).toBeHidden();
    await expect(menu).toBeFocused();
  });
});

test("at desktop width the places are in the header's row, no menu", async ({ page, loginAs }) => {
  await loginAs("admin");
  await page.setViewportSize(DESKTOP);
  await page.goto("/");
  await expect(header(page).locator("summary")).toBeHidden();
  const places = header(page).getByRole("navigation", { name: "Main" });
  const brand = (await header(page)
    .getByRole("link", { name: /, home$/ })
    .boundingBox())!;
  for (const name of ["Home", "Admin"]) {
    const box = (await places.getByRole("link", { name, exact: true }).boundingBox())!;
    expect(Math.abs(box.y + box.height / 2 - (brand.y + brand.height / 2))).toBeLessThan(4);
  }
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the phone's menu still opens", async ({ page }) => {
    await page.setViewportSize(PHONE);
    await page.goto("/");
    await header(page).locator("summary").click();
    await header(page).getByRole("link", { name: "Meetings" }).click();
    await expect(page).toHaveURL(/\/meetings$/);
  });
});

test("a thread, a form and a meeting sit in the same centred column as the board", async ({ page, loginAs }) => {
  await loginAs("sam");
  await page.setViewportSize(DESKTOP);
  // The page's own outermost block; measured again until it settles (a client-side navigation swaps it).
  const column = async () => {
    const box = await page.locator("main > *").first().boundingBox();
    return box ? { left: Math.round(box.x), width: Math.round(box.width) } : null;
  };
  await page.goto("/groups/benzo-recovery-circle");
  const board = (await column())!;
  // Centred: as much room on the left as on the right.
  expect(Math.abs(board.left - (DESKTOP.width - board.left - board.width))).toBeLessThan(24);
  await openDemoThread(page);
  await expect.poll(column).toEqual(board);
  await page.goto("/groups/benzo-recovery-circle/new");
  await expect.poll(column).toEqual(board);
  await page.goto("/meetings");
  await page.locator(".meeting-row__name a").first().click();
  await expect(page).toHaveURL(/\/meetings\/[^/]+$/);
  await expect.poll(column).toEqual(board);
});

test("the dark theme follows the device", async ({ page, loginAs }) => {
  await loginAs("sam");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const brightness = background
    .match(/\d+/g)!
    .slice(0, 3)
    .reduce((sum, channel) => sum + Number(channel), 0);
  expect(brightness, `body background ${background} in the dark theme`).toBeLessThan(150);
  await page.emulateMedia({ colorScheme: "light" });
});

test("the crisis colour is kept for crisis: a new badge and a cancellation have their own", async ({ page }) => {
  await page.goto("/");
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const colours = await page.evaluate(() => {
      const sample = (className: string, property: "backgroundColor" | "color") => {
        const el = document.createElement("span");
        el.className = className;
        document.body.append(el);
        const value = getComputedStyle(el)[property];
        el.remove();
        return value;
      };
      return { crisis: sample("crisis-link", "backgroundColor"), unread: sample("badge badge--unread", "backgroundColor"), cancelled: sample("occurrence__cancelled", "color") };
    });
    expect(colours.unread, colorScheme).not.toBe(colours.crisis);
    expect(colours.cancelled, colorScheme).not.toBe(colours.crisis);
    expect(colours.cancelled, colorScheme).not.toBe(colours.unread);
  }
});

test("both themes pass axe at phone and desktop width", async ({ page, loginAs }) => {
  await loginAs("sam");
  for (const path of ["/", "/recovery", "/meetings", "/help"]) {
    await test.step(path, async () => {
      await page.goto(path);
      await expectAccessible(page, path, { phone: true });
    });
  }
  await test.step("a thread", async () => {
    await openDemoThread(page);
    await expectAccessible(page, "a thread", { phone: true });
  });
});
