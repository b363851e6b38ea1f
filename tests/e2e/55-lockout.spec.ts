/**
 * Issue 20: a stranger who hammers an account with wrong passwords is stopped, but the account's
 * owner still signs in from their own browser (it carries a device cookie from an earlier sign-in).
 */
import { expect, makeMember, PHONE, screenshot, signIn, signOut, test } from "./fixtures";

test("a stranger is locked out of an account; its owner still signs in from their own browser", async ({ page, browser }) => {
  const account = await makeMember("Owner");
  // The owner signs in once from this browser: it now carries a device cookie for the account.
  await signIn(page, account.email, account.password);
  await signOut(page);

  // A stranger, in another browser, tries passwords until Harbor makes them wait.
  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  for (let attempt = 0; attempt < 6; attempt++) {
    await stranger.goto("/login");
    await stranger.getByLabel("E-mail address").fill(account.email);
    await stranger.getByLabel("Password", { exact: true }).fill(`guess number ${attempt}`);
    await stranger.getByRole("button", { name: "Sign in" }).click();
    await expect(stranger.getByText(/don't match|Too many sign-in attempts/).first()).toBeVisible();
  }
  await expect(stranger.getByText(/Too many sign-in attempts/).first()).toBeVisible();
  // Even the right password does not get the stranger's browser in now.
  await stranger.goto("/login");
  await stranger.getByLabel("E-mail address").fill(account.email);
  await stranger.getByLabel("Password", { exact: true }).fill(account.password);
  await stranger.getByRole("button", { name: "Sign in" }).click();
  await expect(stranger.getByText(/Too many sign-in attempts/).first()).toBeVisible();
  await strangerContext.close();

  // The owner, in their own browser, signs in as usual.
  await page.setViewportSize(PHONE);
  await signIn(page, account.email, account.password);
  await screenshot(page, "lockout-owner-signed-in-phone");
});
