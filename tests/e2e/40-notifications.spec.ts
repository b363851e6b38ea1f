// Notifications and e-mail, as members live them: a reply shows on the bell and arrives by e-mail
// (written to the local mail folder, as on a newcomer's machine); the notifications page and its
// settings; an e-mail's unsubscribe link; a forgotten password reset through the e-mailed link.
import { ADMIN, checkPage, dateOf, DEMO_PASSWORD, expect, sayGoingToNextDate, header, newAccount, newWatchedContext, ORIGIN, signIn, signOut, signUp, test } from "./fixtures";
import { readMails, waitForMail } from "./mail";

test("a reply reaches the thread's author on the bell and by e-mail; settings and unsubscribe work", async ({ page, browser, watcher }) => {
  const author = await signUp(page, newAccount("Author"));
  const title = `First week home, ${author.displayName}`;

  await test.step("the author starts a thread in a public group", async () => {
    await page.goto("/groups/benzo-recovery-circle");
    await page.getByRole("button", { name: "Join this group" }).click();
    await page.getByRole("link", { name: "Start a thread" }).click();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Your post").fill("The evenings are the hardest part. What helps you?");
    await page.getByRole("button", { name: "Post thread" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  });
  const threadUrl = page.url();

  await test.step("another member replies", async () => {
    const other = await newWatchedContext(browser, watcher);
    await signUp(other.page, newAccount("Replier"));
    await other.page.goto("/groups/benzo-recovery-circle");
    await other.page.getByRole("button", { name: "Join this group" }).click();
    await other.page.goto(threadUrl);
    await other.page.getByLabel("Your reply").fill("A warm bath and an early night. You're doing well.");
    await other.page.getByRole("button", { name: "Post reply" }).click();
    await expect(other.page.locator("#post-1")).toContainText("A warm bath");
    await other.context.close();
  });

  await test.step("the bell shows the reply, and the notifications page lists it", async () => {
    await page.goto("/");
    const bell = header(page).getByRole("link", { name: "Notifications, 1 unread" });
    await expect(bell).toBeVisible();
    await bell.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifications");
    const item = page.getByRole("link", { name: new RegExp(`replied to “${title}”`) });
    await expect(item).toBeVisible();
    await checkPage(page, "notifications");
    await item.click();
    await expect(page).toHaveURL(/#post-1$/);
    await expect(header(page).getByRole("link", { name: "Notifications", exact: true })).toBeVisible();
  });

  const mail = await test.step("the reply also arrives by e-mail, without the group or the words", async () => {
    const m = await waitForMail(author.email, "You have a new reply on Harbor");
    expect(m.text).not.toContain("warm bath");
    expect(m.text).not.toContain(title);
    expect(m.listUnsubscribe).toMatch(/\/unsubscribe\?u=/);
    return m;
  });

  await test.step("notification settings", async () => {
    await page.goto("/settings/notifications");
    await expect(page.getByLabel("Replies")).toHaveValue("email");
    await page.getByLabel("Reactions").selectOption("off");
    await page.getByLabel("1 day before").check();
    await page.getByRole("button", { name: "Save notification settings" }).click();
    await expect(page.getByRole("status")).toContainText("Your notification settings are saved.");
    await expect(page.getByLabel("Reactions")).toHaveValue("off");
    await checkPage(page, "notification-settings");
  });

  await test.step("the e-mail's unsubscribe link asks, then stops reply e-mails (no sign-in needed)", async () => {
    const stranger = await newWatchedContext(browser, watcher);
    await stranger.page.goto(mail.listUnsubscribe!);
    await expect(stranger.page.getByRole("heading", { level: 1 })).toHaveText("Stop e-mails");
    await checkPage(stranger.page, "unsubscribe");
    await stranger.page.getByRole("button", { name: "Stop e-mails about replies" }).click();
    await expect(stranger.page.getByRole("heading", { level: 1 })).toHaveText("You won't get these e-mails any more");
    // A tampered link gets a clear page.
    await stranger.page.goto(mail.listUnsubscribe!.replace(/s=[^&]+/, "s=forged"));
    await expect(stranger.page.getByRole("heading", { level: 1 })).toHaveText("That didn't work");
    await expect(stranger.page.getByText("This unsubscribe link isn't valid")).toBeVisible();
    await stranger.context.close();
    await page.goto("/settings/notifications");
    await expect(page.getByLabel("Replies")).toHaveValue("in_app");
  });
});

test("a forgotten password is reset through the e-mailed link", async ({ page }) => {
  const member = await signUp(page, newAccount("Forgetful"));
  await signOut(page);

  await test.step("ask for a link (the answer does not say whether the address has an account)", async () => {
    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await checkPage(page, "forgot-password");
    await page.getByLabel("E-mail address").fill(member.email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect(page.getByRole("status")).toContainText("If an account uses that address");
  });

  const newPassword = `a new tide at dawn ${Date.now().toString(36)}`;
  await test.step("follow the e-mailed link and choose a new password", async () => {
    const mail = await waitForMail(member.email, "Reset your Harbor password");
    const link = /(http:\/\/localhost:\d+\/reset-password\/[a-z2-7]+)/.exec(mail.text)?.[1];
    expect(link).toBeTruthy();
    await page.goto(link!);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose a new password");
    await checkPage(page, "reset-password");
    await page.getByLabel("New password").fill("short");
    await page.getByRole("button", { name: "Set my new password" }).click();
    await expect(page.getByText("Use at least 10 characters")).toBeVisible();
    await page.getByLabel("New password").fill(newPassword);
    await page.getByRole("button", { name: "Set my new password" }).click();
    await expect(page).toHaveURL(/\/login\?reset=1$/);
    await expect(page.getByRole("status")).toContainText("Your new password is set");
    // The link works once.
    await page.goto(link!);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("This link can't be used");
    await checkPage(page, "reset-link-used");
  });

  await test.step("sign in with the new password; a notice e-mail was sent", async () => {
    await signIn(page, member.email, newPassword);
    await waitForMail(member.email, "Your Harbor password was changed");
  });
});

test("an admin sees how e-mail is doing and chooses the site's e-mail rules", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password);
  await page.goto("/admin/email");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("E-mail");
  await expect(page.getByText("No SMTP server is set up")).toBeVisible();
  await expect(page.getByText(/\d+ sent · \d+ waiting/)).toBeVisible();
  await checkPage(page, "admin-email");
  const fuller = page.getByLabel("Name the group and thread in e-mails about public groups");
  await expect(fuller).not.toBeChecked();
  await fuller.check();
  await page.getByRole("button", { name: "Save e-mail settings" }).click();
  await expect(page.getByRole("status")).toContainText("E-mail settings saved.");
  await expect(page.getByLabel("Name the group and thread in e-mails about public groups")).toBeChecked();
  await page.getByLabel("Name the group and thread in e-mails about public groups").uncheck();
  await page.getByRole("button", { name: "Save e-mail settings" }).click();
  await expect(page.getByRole("status")).toContainText("E-mail settings saved.");
});

test.describe("meeting reminders and the daily digest", () => {
  test.use({ timezoneId: "America/Chicago" });

  test("a reminder arrives by e-mail before a meeting one is going to; a change to it waits for the daily digest", async ({ page, browser, watcher }) => {
    // The reminders and digests are sent by the server's scheduled jobs (every 30 and 60 s), so this waits for them.
    test.setTimeout(300_000);
    const account = await signUp(page, newAccount("Reminded"));
    const moveClock = async (data: { now: string } | { reset: true }) => expect((await page.request.post("/__test/clock", { data, headers: { Origin: ORIGIN } })).ok()).toBe(true);

    await test.step("settings: reminders an hour before by e-mail (the defaults), meeting changes in the digest", async () => {
      await page.goto("/settings/notifications");
      await expect(page.getByLabel("Meeting reminders")).toHaveValue("email");
      await expect(page.getByLabel("1 hour before")).toBeChecked();
      await page.getByLabel("Meeting changes").selectOption("digest");
      await page.getByRole("button", { name: "Save notification settings" }).click();
      await expect(page.getByRole("status")).toContainText("Your notification settings are saved.");
    });

    let startIso = "";
    await test.step("say I'm going to the next Tuesday Night Hope", async () => {
      await page.goto("/meetings/tuesday-night-hope");
      startIso = await sayGoingToNextDate(page);
    });

    await moveClock({ now: new Date(Date.parse(startIso) - 50 * 60_000).toISOString() });
    try {
      await test.step("fifty minutes before it starts, the reminder arrives by e-mail and on the bell", async () => {
        const mail = await waitForMail(account.email, "Reminder: a meeting you're going to starts soon", 90_000);
        expect(mail.text).toContain("/notifications/");
        expect(mail.listUnsubscribe).toMatch(/\/unsubscribe\?/);
        await page.goto("/notifications");
        // 19:00 in Chicago, in the member's own zone.
        await expect(
          page
            .getByRole("main")
            .getByText(/Reminder: Tuesday Night Hope starts .*7:00\s?PM \(your time\)\./)
            .first(),
        ).toBeVisible();
      });

      await test.step("a moderator cancels that date: the change waits for the digest instead of an e-mail of its own", async () => {
        const sam = await newWatchedContext(browser, watcher);
        try {
          await signIn(sam.page, "sam@harbor.test", DEMO_PASSWORD);
          await sam.page.goto("/meetings/tuesday-night-hope");
          const date = dateOf(sam.page, startIso);
          await date.getByText("Moderator: change this date").click();
          await date.getByLabel("Reason for cancelling").fill("The hall is closed for repairs");
          await date.getByRole("button", { name: "Cancel this date" }).click();
          await expect(sam.page.getByRole("status")).toContainText("That occurrence is cancelled.");

          // After 8 a.m. in the member's zone (here 6:10 p.m.) and no digest yet today: the next run sends it.
          const digest = await waitForMail(account.email, "Your daily Harbor digest", 120_000);
          expect(digest.text).toContain("Meeting changes: 1");
          expect(readMails(account.email).map((m) => m.subject)).not.toContain("A meeting you're going to has changed");

          // The demo's meeting as it was, for whoever comes next.
          const restore = date.getByRole("button", { name: "Take back the cancellation" });
          if (!(await restore.isVisible())) await date.getByText("Moderator: change this date").click(); // still open after the form, with JavaScript
          await restore.click();
          await expect(sam.page.getByRole("status")).toContainText("That occurrence is back on.");
        } finally {
          await sam.context.close();
        }
      });
    } finally {
      await moveClock({ reset: true });
    }
  });
});
