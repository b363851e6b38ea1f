// With no connection (docs/app-and-offline.md): the crisis page still opens, any other page shows
// the offline page, and a member's plan opens only if they chose to keep it on this device —
// until they sign out.
import type { Page } from "@playwright/test";
import { expect, fastTest, header, signOut } from "./fixtures";

/** Waits until the service worker is installed (its copies made) and controls the page. */
async function serviceWorkerReady(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

async function expectCrisisPage(page: Page) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Need help now?");
  await expect(page.getByRole("list", { name: /Talk to someone now/ }).getByRole("link", { name: "Call or text 988" })).toHaveAttribute("href", "tel:988");
}

fastTest("offline, the crisis page opens — by its address, from the offline page, and from the header", async ({ page, context }) => {
  await page.goto("/meetings");
  await serviceWorkerReady(page);
  await context.setOffline(true);
  try {
    await page.goto("/help");
    await expectCrisisPage(page);

    await page.goto("/groups");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You're offline");
    await expect(page.getByRole("main")).toContainText("some things still work without a connection");
    await page.getByRole("main").getByRole("link", { name: "Need help now?" }).click();
    await expectCrisisPage(page);

    await page.goto("/recovery");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You're offline");
    await header(page).getByRole("link", { name: "Need help now?" }).click();
    await expectCrisisPage(page);
  } finally {
    await context.setOffline(false);
  }
});

fastTest("a member's plan opens offline only when kept on this device, and signing out removes it", async ({ page, context, freshMember }) => {
  await page.goto("/recovery/plan");
  await serviceWorkerReady(page);
  await page.getByLabel("My triggers").fill("Payday evenings");
  await page.getByRole("button", { name: "Save my plan" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your plan is saved." })).toBeVisible();

  // Not kept yet: offline, the plan's address shows the offline page.
  await context.setOffline(true);
  await page.goto("/recovery/plan");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You're offline");
  await context.setOffline(false);

  await page.goto("/recovery/plan");
  await page.getByLabel("Keep my plan on this device").check();
  await expect(page.getByText("Your plan is kept on this device.")).toBeVisible();
  await context.setOffline(true);
  await page.goto("/recovery/plan");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${freshMember.displayName}'s relapse-prevention plan`);
  await expect(page.getByRole("main")).toContainText("Payday evenings");
  await context.setOffline(false);

  // Signing out on this device removes the kept plan.
  await page.goto("/");
  await signOut(page);
  expect(await page.evaluate(() => caches.has("harbor-plan"))).toBe(false);
  await context.setOffline(true);
  await page.goto("/recovery/plan");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You're offline");
  await context.setOffline(false);
});
