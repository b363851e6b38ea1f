// Harbor has to work on an old phone, a locked-down browser or a flaky connection where the
// scripts never arrive: every form here is a plain HTML form first.
import { checkPageWithoutJs, dateOf, expect, fastTest as test, finishJoining, sayGoingToNextDate, header, newAccount, ORIGIN, signOut, signUp } from "./fixtures";
import { waitForMail } from "./mail";

test.use({ javaScriptEnabled: false });

test("sign up, sign out and sign in without JavaScript", async ({ page }) => {
  const account = newAccount("NoScript");

  await test.step("sign up", async () => {
    await page.goto("/signup");
    await expect(page.locator('input[name="timeZone"]')).toHaveValue("");
    await page.getByLabel("Display name").fill(account.displayName);
    await page.getByLabel("E-mail address").fill(account.email);
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Create my account" }).click();
    await expect(page).toHaveURL(`${ORIGIN}/join/check-email`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your e-mail");
    await checkPageWithoutJs(page, "signup-check-email-nojs");
  });

  await test.step("finish joining through the e-mailed link (a plain form too)", async () => {
    await finishJoining(page, account);
    await expect(header(page).getByRole("button", { name: "Sign out" })).toBeVisible();
  });

  await test.step("without a browser time zone the account gets the site default", async () => {
    await page.goto("/settings/profile");
    await expect(page.getByLabel("Time zone")).toHaveValue("UTC");
  });

  await test.step("sign out", async () => {
    await signOut(page);
    await page.goto("/settings/profile");
    await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsettings%2Fprofile$/);
  });

  await test.step("a wrong password is explained, and the e-mail address stays", async () => {
    await page.getByLabel("E-mail address").fill(account.email);
    await page.getByLabel("Password", { exact: true }).fill("not the right password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("That e-mail and password don't match. Please check them and try again.");
    await expect(page.getByLabel("E-mail address")).toHaveValue(account.email);
    await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
    await checkPageWithoutJs(page, "login-failed-nojs");
  });

  await test.step("sign in, and back to the page that asked for it", async () => {
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${ORIGIN}/settings/profile`);
    await expect(page.getByLabel("Display name")).toHaveValue(account.displayName);
  });

  await test.step("save the profile", async () => {
    await page.getByLabel("About you").fill("Written without JavaScript.");
    await page.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByRole("status")).toHaveText("Your profile is saved.");
    await expect(page.getByLabel("About you")).toHaveValue("Written without JavaScript.");
  });

  await test.step("sign out again", async () => {
    await signOut(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("A calm harbour for the road after treatment.");
  });
});

test("sign-up mistakes are explained at the field without JavaScript", async ({ page }) => {
  const account = newAccount("NoScriptBad");

  await test.step("a very common password", async () => {
    await page.goto("/signup");
    await page.getByLabel("Display name").fill(account.displayName);
    await page.getByLabel("E-mail address").fill(account.email);
    await page.getByLabel("Password", { exact: true }).fill("password123");
    await page.getByRole("button", { name: "Create my account" }).click();

    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByRole("alert")).toContainText("Please check the field marked below.");
    const password = page.getByLabel("Password", { exact: true });
    await expect(page.locator("#field-password-error")).toContainText("one of the most common ones");
    await expect(password).toHaveAttribute("aria-invalid", "true");
    await expect(password).toHaveAccessibleDescription(/one of the most common ones/);
    await expect(password).toHaveValue("");
    await expect(page.getByLabel("Display name")).toHaveValue(account.displayName);
    await expect(page.getByLabel("E-mail address")).toHaveValue(account.email);
    await checkPageWithoutJs(page, "signup-weak-password-nojs");
  });

  await test.step("a display name a member already uses is said at its field", async () => {
    await page.getByLabel("Display name").fill("Sam R.");
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Create my account" }).click();
    await expect(page.locator("#field-displayName-error")).toContainText("Someone here already uses that display name.");
    await expect(page.getByLabel("Display name")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("E-mail address")).toHaveValue(account.email);
  });

  await test.step("an address that already has an account gets the same answer as any other (its owner gets an e-mail)", async () => {
    await page.getByLabel("Display name").fill(account.displayName);
    await page.getByLabel("E-mail address").fill("sam@harbor.test");
    await page.getByLabel("Password", { exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Create my account" }).click();
    await expect(page).toHaveURL(`${ORIGIN}/join/check-email`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your e-mail");
    const notice = await waitForMail("sam@harbor.test", "Someone tried to join Harbor with your e-mail address");
    expect(notice.text).toContain("no new account was made");
  });

  await test.step("nothing was created by the refused attempts: the same details still sign up", async () => {
    await signUp(page, account);
  });
});

test("join a group and react to a post without JavaScript", async ({ page, freshMember }) => {
  void freshMember;
  await page.goto("/groups/benzo-recovery-circle");
  await page.getByRole("button", { name: "Join this group" }).click();
  await expect(page.getByRole("status")).toContainText("Welcome to Benzo Recovery Circle");
  await page.getByRole("link", { name: "What got you through the evenings?" }).click();

  // The post's buttons are a plain form: it posts, and the page comes back at the post.
  const opening = page.locator("#post-0");
  const support = () => opening.getByRole("button", { name: /^Support/ });
  await expect(support()).toHaveAttribute("aria-pressed", "false");
  await support().click();
  await expect(page).toHaveURL(/\?page=1#post-0$/);
  await expect(support()).toHaveAttribute("aria-pressed", "true");
  await checkPageWithoutJs(page, "thread-reacted-nojs");
  await support().click();
  await expect(support()).toHaveAttribute("aria-pressed", "false");
});

test("the directory's filters are a plain GET form, and a visitor is asked to sign in before saying they're going", async ({ page }) => {
  await page.goto("/meetings");
  // A visitor's times are in UTC: Tuesday 19:00 in Chicago is early Wednesday there.
  await page.getByLabel("Day", { exact: true }).selectOption({ label: "Wednesday" });
  await page.getByLabel("Attendance").selectOption("hybrid");
  await page.getByRole("button", { name: "Show meetings" }).click();
  await expect(page).toHaveURL(/[?&]day=3(&|$)/);
  await expect(page).toHaveURL(/attendance=hybrid/);
  await expect(page.getByLabel("Day", { exact: true })).toHaveValue("3");
  await expect(page.getByRole("link", { name: "Tuesday Night Hope" }).first()).toBeVisible();
  // Online-only and other days' meetings are filtered out on the server.
  await expect(page.getByRole("link", { name: "Benzo Morning Check-in" })).toHaveCount(0);
  await checkPageWithoutJs(page, "meetings-filtered-nojs");

  await page.getByRole("link", { name: "Tuesday Night Hope" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tuesday Night Hope");
  await expect(page.getByRole("button", { name: /I'm going/ })).toHaveCount(0);
});

test("say you're going to a meeting and take it back, without JavaScript", async ({ page, freshMember }) => {
  void freshMember;
  await page.goto("/meetings/tuesday-night-hope");
  const startIso = await sayGoingToNextDate(page);
  const mine = dateOf(page, startIso);
  await expect(mine.getByText("You're going")).toBeVisible();
  await expect(mine.getByRole("button", { name: /Not going after all/ })).toBeVisible();
  await checkPageWithoutJs(page, "meeting-going-nojs");
  await page.goto("/my-meetings");
  await expect(page.getByRole("link", { name: "Tuesday Night Hope" })).toBeVisible();

  await page.goto("/meetings/tuesday-night-hope");
  await mine.getByRole("button", { name: /Not going after all/ }).click();
  await expect(page.getByRole("status")).toContainText("You're no longer marked as going.");
  await expect(mine.getByRole("button", { name: /I'm going/ })).toBeVisible();
  await expect(mine.getByText("You're going")).toHaveCount(0);
});

test("once a meeting one is going to has started, it shows as in progress and offers no RSVP, without JavaScript", async ({ page, freshMember, serverClock }) => {
  void freshMember;
  await page.goto("/meetings/tuesday-night-hope");
  const startIso = await sayGoingToNextDate(page); // the first one still to start (one under way offers no RSVP)
  await serverClock(new Date(Date.parse(startIso) + 10 * 60_000).toISOString());
  await page.goto("/meetings/tuesday-night-hope");
  const under = page.locator(".occurrence").first();
  await expect(under.locator("time")).toHaveAttribute("datetime", startIso);
  await expect(under.getByText("In progress")).toBeVisible();
  await expect(under).toContainText("You said you're going.");
  await expect(under.getByRole("button")).toHaveCount(0);
  await expect(
    page
      .locator(".occurrence")
      .nth(1)
      .getByRole("button", { name: /I'm going/ }),
  ).toBeVisible();
  await checkPageWithoutJs(page, "meeting-in-progress-nojs");
});
