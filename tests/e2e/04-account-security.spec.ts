// Password, e-mail address and account deletion, each on a fresh account of its own.
import { checkPage, expect, fastTest as test, FIREFOX_WINDOWS_UA, header, ORIGIN, signIn, signUp } from "./fixtures";

test("changing the password signs out every other session", async ({ page, freshMember: account, browserAs }) => {
  const newPassword = `quiet lighthouse morning ${Date.now()}`;
  const other = { page: await browserAs(account, { userAgent: FIREFOX_WINDOWS_UA }) };
  await test.step("signed in on a second device too", async () => {
    await page.goto("/settings/sessions");
    await expect(page.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem")).toHaveCount(2);
  });

  await test.step("a wrong current password is refused at the field", async () => {
    await page.goto("/settings/password");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Change your password");
    await checkPage(page, "password");
    await page.getByLabel("Current password").fill("definitely not it, sorry");
    await page.getByLabel("New password").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.locator("#field-currentPassword-error")).toContainText("That isn't your current password.");
    await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");
    await checkPage(page, "password-invalid");
  });

  await test.step("change it", async () => {
    await page.getByLabel("Current password").fill(account.password);
    await page.getByLabel("New password").fill(newPassword);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status")).toHaveText("Your password is changed, and 1 other session was signed out.");
    await checkPage(page, "password-changed");
  });

  await test.step("this device is still signed in; the other one is not", async () => {
    await page.goto("/settings/sessions");
    await expect(page.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem")).toHaveCount(1);
    await other.page.goto("/settings/profile");
    await expect(other.page).toHaveURL(/\/login\?redirectTo=%2Fsettings%2Fprofile$/);
    await expect(header(other.page).getByRole("link", { name: "Sign in" })).toBeVisible();
  });

  await test.step("the old password no longer signs in", async () => {
    await other.page.getByLabel("E-mail address").fill(account.email);
    await other.page.getByLabel("Password", { exact: true }).fill(account.password);
    await other.page.getByRole("button", { name: "Sign in" }).click();
    await expect(other.page.getByRole("alert")).toHaveText("That e-mail and password don't match. Please check them and try again.");
    await expect(other.page).toHaveURL(/\/login/);
  });

  await test.step("the new one does", async () => {
    await other.page.getByLabel("Password", { exact: true }).fill(newPassword);
    await other.page.getByRole("button", { name: "Sign in" }).click();
    await expect(other.page).toHaveURL(`${ORIGIN}/settings/profile`);
    await expect(other.page.getByLabel("Display name")).toHaveValue(account.displayName);
  });
});

test("Sign out everywhere ends this session and every other one", async ({ page, freshMember, browserAs }) => {
  const other = { page: await browserAs(freshMember, { userAgent: FIREFOX_WINDOWS_UA }) };
  await other.page.goto("/settings/sessions");
  await expect(other.page.getByRole("heading", { level: 1 })).toHaveText("Your sessions");
  await page.goto("/settings/sessions");
  await page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(header(page).getByRole("link", { name: "Sign in" })).toBeVisible();
  await other.page.goto("/settings/sessions");
  await expect(other.page).toHaveURL(/\/login\?redirectTo=%2Fsettings%2Fsessions$/);
});

test("changing the e-mail address", async ({ page, freshMember: account }) => {
  const newEmail = `moved-${Date.now()}@example.org`;

  await test.step("the page shows the current address to its owner", async () => {
    await page.goto("/settings/email");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your e-mail address");
    await expect(page.getByRole("main")).toContainText(`You sign in with ${account.email}.`);
    await checkPage(page, "email");
  });

  await test.step("an address already in use is refused, and what was typed stays", async () => {
    await page.getByLabel("New e-mail address").fill("alex@harbor.test");
    await page.getByLabel("Your password").fill(account.password);
    await page.getByRole("button", { name: "Change e-mail address" }).click();
    await expect(page.locator("#field-email-error")).toContainText("Another account already uses that e-mail address.");
    await expect(page.getByLabel("New e-mail address")).toHaveValue("alex@harbor.test");
    await checkPage(page, "email-invalid");
  });

  await test.step("change it and sign in with the new address", async () => {
    await page.getByLabel("New e-mail address").fill(newEmail);
    await page.getByLabel("Your password").fill(account.password);
    await page.getByRole("button", { name: "Change e-mail address" }).click();
    await expect(page.getByRole("status")).toHaveText(`Your e-mail address is now ${newEmail}. We've sent it a link to confirm it.`);
    await expect(page.getByRole("main")).toContainText(`You sign in with ${newEmail}.`);
    await header(page).getByRole("button", { name: "Sign out" }).click();
    await expect(header(page).getByRole("link", { name: "Sign in" })).toBeVisible();
    await signIn(page, newEmail, account.password);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Good to see you, ${account.displayName}.`);
  });
});

test("deleting the account", async ({ page, freshMember: account }) => {
  await test.step("the box must be ticked", async () => {
    await page.goto("/settings/delete");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Delete your account");
    await checkPage(page, "delete");
    await page.getByLabel("Your password").fill(account.password);
    await page.getByRole("button", { name: "Delete my account" }).click();
    const confirm = page.getByLabel("I understand my account will be deleted permanently.");
    await expect(page.locator("#field-confirm-error")).toContainText("Tick this box to confirm you want to delete your account.");
    await expect(confirm).toHaveAttribute("aria-invalid", "true");
    await expect(confirm).toHaveAccessibleDescription("Tick this box to confirm you want to delete your account.");
    await checkPage(page, "delete-invalid");
  });

  await test.step("delete it", async () => {
    await page.getByLabel("Your password").fill(account.password);
    await page.getByLabel("I understand my account will be deleted permanently.").check();
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(`${ORIGIN}/?farewell=1`);
    await expect(page.getByRole("status")).toContainText("Your account has been deleted.");
    await expect(header(page).getByRole("link", { name: "Sign in" })).toBeVisible();
    await checkPage(page, "home-farewell");
  });

  await test.step("the e-mail address is free again", async () => {
    await signUp(page, { email: account.email, displayName: account.displayName });
  });
});
