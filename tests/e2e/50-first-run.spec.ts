// First run, as a new operator meets it: an empty database, the set-up code from the server's log,
// the set-up page makes the admin and names the site, the admin signs in and starts a group.
import { test as base } from "@playwright/test";
import { checkPage, expect, signIn } from "./fixtures";
import { startFreshSite, type FreshSite } from "./fresh-site";

const test = base.extend<{ site: FreshSite }>({
  site: async ({}, use) => {
    const site = await startFreshSite();
    await use(site);
    await site.stop();
  },
});

const ADMIN = { displayName: "Jordan (admin)", email: "jordan@riverside.example", password: "steady lantern harbour" };

test("a fresh site: the code from the log, the set-up page makes the admin, who signs in and starts a group", async ({ site, browser }) => {
  const code = /set-up code:\s+([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})/.exec(site.log())?.[1];
  expect(code, `the server's log:\n${site.log()}`).toBeTruthy();

  const visitor = await browser.newContext({ baseURL: site.origin });
  const page = await visitor.newPage();
  await page.goto("/groups");
  await expect(page).toHaveURL(`${site.origin}/setup`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set up this Harbor site");
  await checkPage(page, "first-run-setup");

  await page.getByLabel("Set-up code").fill(code!);
  await page.getByLabel("Display name").fill(ADMIN.displayName);
  await page.getByLabel("E-mail address").fill(ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(ADMIN.password);
  await page.getByLabel("Site name").fill("Riverside Alumni");
  await page.getByLabel(/^Invite-only/).check();
  await page.getByLabel("Default time zone").selectOption("Europe/Dublin");
  await page.getByLabel("Crisis resources").selectOption("ie");
  await page.getByRole("button", { name: "Set up the site" }).click();
  await expect(page).toHaveURL(`${site.origin}/admin?setup=done`);
  await expect(page.getByRole("status")).toContainText("Your site is set up");
  await checkPage(page, "first-run-admin-console");
  await visitor.close();

  // On another device: sign in with what was just chosen, and start the first group.
  const admin = await browser.newContext({ baseURL: site.origin });
  const adminPage = await admin.newPage();
  // (The banner names the site on the sign-in page too: signIn waits for the member's bell.)
  await signIn(adminPage, ADMIN.email, ADMIN.password);
  await expect(adminPage.getByRole("banner")).toContainText("Riverside Alumni");
  await adminPage.goto("/groups/new");
  await adminPage.getByLabel("Name", { exact: true }).fill("Tuesday Night Circle");
  await adminPage.getByLabel("Description").fill("Alumni of the spring programme, every Tuesday.");
  await adminPage.getByRole("button", { name: "Start the group" }).click();
  await expect(adminPage.getByRole("heading", { level: 1 })).toHaveText("Tuesday Night Circle");
  await checkPage(adminPage, "first-run-first-group");

  // The set-up page is gone for good, and the crisis page shows the region chosen.
  expect((await adminPage.goto("/setup"))?.status()).toBe(404);
  await adminPage.goto("/help");
  await expect(adminPage.getByRole("main")).toContainText("116 123");
  await admin.close();
});
