// A new member's first steps, each in a short test of its own: signing up through the form and
// the e-mailed link, signing in and out, the profile, the sessions list, the crisis page and a
// missing page — with an accessibility check and screenshots of every page on the way. Tests
// other than the sign-up start from a member made in the database (tests/e2e/data.ts).
import { checkPage, expect, fastTest as test, FIREFOX_WINDOWS_UA, header, invisibleText, makeMember, newAccount, ORIGIN, signIn, signOut } from "./fixtures";
import { linkIn, waitForMail } from "./mail";

// The browser reports this zone; sign-up should pick it up for the new account.
test.use({ timezoneId: "America/Chicago" });

const SIGNED_OUT_HEADING = "A calm harbour for the road after treatment.";

test("a visitor signs up through the form and the e-mailed link, and arrives signed in with a welcome", async ({ page }) => {
  const account = newAccount("Journey");

  await test.step("the signed-out home page invites people in", async () => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(SIGNED_OUT_HEADING);
    await expect(page.getByRole("main").getByRole("link", { name: "Join Harbor" })).toBeVisible();
    await expect(header(page).getByRole("link", { name: "Sign in" })).toBeVisible();
    await checkPage(page, "home-signed-out");
  });

  await test.step("sign up", async () => {
    await page.getByRole("main").getByRole("link", { name: "Join Harbor" }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Join Harbor");
    // Once the page's script has run, the browser's time zone is in the form.
    await expect(page.locator('input[name="timeZone"]')).toHaveValue("America/Chicago");
    await checkPage(page, "signup");
    await page.getByLabel("Display name").fill(account.displayName);
    await page.getByLabel("E-mail address").fill(account.email);
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Create my account" }).click();
  });

  await test.step("check your e-mail, and finish joining through its link", async () => {
    await expect(page).toHaveURL(`${ORIGIN}/join/check-email`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your e-mail");
    await checkPage(page, "signup-check-email");
    const mail = await waitForMail(account.email, "Finish joining Harbor");
    expect(mail.text).toContain(`Hello ${account.displayName},`);
    await page.goto(linkIn(mail, "/join/"));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Finish joining Harbor");
    await expect(page.getByRole("main")).toContainText(`You're joining as ${account.displayName}.`);
    await checkPage(page, "join");
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Finish joining" }).click();
  });

  await test.step("signed in, with a welcome", async () => {
    await expect(page).toHaveURL(`${ORIGIN}/?welcome=1`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome to Harbor, ${account.displayName}.`);
    await expect(page.getByRole("status")).toContainText("Your account is ready.");
    await expect(header(page).getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(header(page).getByRole("link", { name: "Admin" })).toHaveCount(0);
    await checkPage(page, "home-welcome");
  });

  await test.step("the profile starts with the browser's time zone", async () => {
    await header(page).getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/settings\/profile$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your profile");
    await expect(page.getByLabel("Display name")).toHaveValue(account.displayName);
    await expect(page.getByLabel("Time zone")).toHaveValue("America/Chicago");
    await expect(page.getByLabel("About you")).toHaveValue("");
    await checkPage(page, "profile");
  });
});

test("a member signs out, signs in, and signing in from a protected page goes back to it", async ({ page }) => {
  const member = await makeMember("Returning");

  await test.step("sign in from the header", async () => {
    await page.goto("/");
    await header(page).getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome back");
    await checkPage(page, "login");
    await page.getByLabel("E-mail address").fill(member.email);
    await page.getByLabel("Password", { exact: true }).fill(member.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${ORIGIN}/`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Good to see you, ${member.displayName}.`);
    await checkPage(page, "home-signed-in");
  });

  await test.step("sign out, and the settings are closed again", async () => {
    await signOut(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(SIGNED_OUT_HEADING);
    await page.goto("/settings/sessions");
    await expect(page).toHaveURL(`${ORIGIN}/login?redirectTo=%2Fsettings%2Fsessions`);
  });

  await test.step("signing in from the protected page goes back to it", async () => {
    await page.getByLabel("E-mail address").fill(member.email);
    await page.getByLabel("Password", { exact: true }).fill(member.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${ORIGIN}/settings/sessions`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your sessions");
  });
});

test("a member edits their profile; it stays, and others see the new name and bio but never the e-mail address", async ({ page, freshMember }) => {
  const newName = `Renamed ${freshMember.displayName.split(" ")[1]}`;
  const bio = "Six months home.\nTuesday meetings, long walks, too much coffee.";

  await page.goto("/settings/profile");
  await page.getByLabel("Display name").fill(newName);
  await page.getByLabel("Time zone").selectOption("Europe/Dublin");
  await page.getByLabel("About you").fill(bio);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(page.getByRole("status")).toHaveText("Your profile is saved.");
  await checkPage(page, "profile-saved");

  await page.reload();
  await expect(page.getByLabel("Display name")).toHaveValue(newName);
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Dublin");
  await expect(page.getByLabel("About you")).toHaveValue(bio);
  await expect(page.getByRole("status")).toHaveCount(0);

  await page.getByRole("link", { name: "See your profile as others do" }).click();
  await expect(page).toHaveURL(/\/members\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(newName);
  await expect(page.getByRole("main")).toContainText("Six months home.");
  await expect(page.getByRole("main")).toContainText("Tuesday meetings, long walks, too much coffee.");
  await expect(page.locator("body")).not.toContainText(freshMember.email);
  await checkPage(page, "member-profile");

  await header(page).getByRole("link", { name: "Home", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Good to see you, ${newName}.`);
});

test("a display name that is too short is explained at the field, what was typed stays, and nothing is saved", async ({ page, freshMember }) => {
  await page.goto("/settings/profile");
  await page.getByLabel("Display name").fill("Q");
  await page.getByLabel("Time zone").selectOption("Asia/Tokyo");
  await page.getByLabel("About you").fill("Typed, not yet saved.");
  await page.getByRole("button", { name: "Save profile" }).click();

  const name = page.getByLabel("Display name");
  await expect(page.getByRole("alert")).toContainText("Please check the field marked below.");
  await expect(page.locator("#field-displayName-error")).toHaveText(/Display name needs at least 2 characters\./);
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription(/Display name needs at least 2 characters\./);
  await expect(name).toHaveValue("Q");
  await expect(page.getByLabel("Time zone")).toHaveValue("Asia/Tokyo");
  await expect(page.getByLabel("About you")).toHaveValue("Typed, not yet saved.");
  await expect(page.getByRole("status")).toHaveCount(0);
  await checkPage(page, "profile-invalid");

  await page.reload();
  await expect(page.getByLabel("Display name")).toHaveValue(freshMember.displayName);
  await expect(page.getByLabel("Time zone")).toHaveValue("America/Chicago");
  await expect(page.getByLabel("About you")).toHaveValue("");
});

test("a member sees their sessions, ends the one on another device, and that device is signed out", async ({ page, browserAs }) => {
  // Both browsers sign in through the form, so each session knows its browser.
  const freshMember = await makeMember("Sessions");
  await signIn(page, freshMember.email, freshMember.password);
  await test.step("one session, on this device", async () => {
    await page.goto("/");
    await header(page).getByRole("link", { name: "Settings" }).click();
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Your sessions" }).click();
    await expect(page).toHaveURL(/\/settings\/sessions$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your sessions");
    const devices = page.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem");
    await expect(devices).toHaveCount(1);
    await expect(devices.first()).toContainText("This device");
    await expect(devices.first().getByRole("button", { name: "Sign out here" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out of all other sessions" })).toHaveCount(0);
    await checkPage(page, "sessions-one");
  });

  // A second browser (signed out, another user agent) signs in through the form.
  const second = await browserAs(null, { userAgent: FIREFOX_WINDOWS_UA });
  await signIn(second, freshMember.email, freshMember.password);
  await expect(second.getByRole("heading", { level: 1 })).toHaveText(`Good to see you, ${freshMember.displayName}.`);

  await test.step("this browser sees two sessions and ends the other one", async () => {
    await page.reload();
    const devices = page.getByRole("list", { name: "Signed-in devices" }).getByRole("listitem");
    await expect(devices).toHaveCount(2);
    const thisDevice = devices.filter({ hasText: "This device" });
    const other = devices.filter({ hasNotText: "This device" });
    await expect(thisDevice).toHaveCount(1);
    await expect(thisDevice).toContainText("Chrome on");
    await expect(other).toHaveCount(1);
    await expect(other).toContainText("Firefox on Windows");
    await expect(page.getByRole("button", { name: "Sign out of all other sessions" })).toBeVisible();
    await checkPage(page, "sessions-two");

    await other.getByRole("button", { name: "End session" }).click();
    await expect(page.getByRole("status")).toHaveText("That session has ended. The device it was on is signed out.");
    await expect(devices).toHaveCount(1);
    await expect(devices.first()).toContainText("This device");
    await checkPage(page, "sessions-ended");
  });

  await test.step("the other browser is signed out on its next page", async () => {
    await second.goto("/settings/profile");
    await expect(second).toHaveURL(`${ORIGIN}/login?redirectTo=%2Fsettings%2Fprofile`);
    await expect(header(second).getByRole("link", { name: "Sign in" })).toBeVisible();
    await expect(header(second).getByRole("button", { name: "Sign out" })).toHaveCount(0);
    await second.goto("/");
    await expect(second.getByRole("heading", { level: 1 })).toHaveText(SIGNED_OUT_HEADING);
  });
});

test("signed in, the crisis page and a missing page", async ({ page, freshMember }) => {
  void freshMember;
  await page.goto("/");
  await header(page).getByRole("link", { name: "Need help now?" }).click();
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Need help now?");
  await checkPage(page, "help-signed-in");

  const response = await page.goto("/this/page/does-not-exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
  await checkPage(page, "not-found-signed-in");
});

test("a display name another member already uses is refused, whatever its case", async ({ page, freshMember }) => {
  await page.goto("/settings/profile");
  for (const taken of ["Sam R.", "sam r."]) {
    await page.getByLabel("Display name").fill(taken);
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.locator("#field-displayName-error")).toContainText("Someone here already uses that display name.");
    await expect(page.getByLabel("Display name")).toHaveValue(taken);
  }
  await page.reload();
  await expect(page.getByLabel("Display name")).toHaveValue(freshMember.displayName);
});

test("no text is drawn in its background's colour (a 1:1 contrast axe only lists for review)", async ({ page, loginAs }) => {
  const check = async (path: string) => {
    await page.goto(path);
    expect(await invisibleText(page), path).toEqual([]);
  };
  // Pages with each kind of current-page link in the header and the settings menu.
  for (const path of ["/", "/login", "/signup", "/help"]) await check(path);
  await loginAs(await makeMember("Contrast"));
  for (const path of ["/", "/settings/sessions"]) await check(path);
});
