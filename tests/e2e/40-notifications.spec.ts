// Notifications and e-mail, as members live them: a reply shows on the bell and arrives by e-mail
// (written to the local mail folder, as on a newcomer's machine); the notifications page and its
// settings; an e-mail's unsubscribe link; a forgotten password reset through the e-mailed link;
// meeting reminders and the daily digest. Each test makes its own members, group and meeting
// (tests/e2e/data.ts) and runs the scheduled jobs itself rather than waiting for them.
import type { Page } from "@playwright/test";
import { addDays, toLocal, zonedToUtc } from "../../app/utils/meeting-time";
import { checkPage, dateOf, expect, fastTest as test, header, makeMember, sayGoingToNextDate, signIn } from "./fixtures";
import { makeGroup, makeMeeting, makeThread, type Member, type TestGroup } from "./data";
import { readMails, waitForMail } from "./mail";

/** A thread by `author` in a public group of its own, and another member of that group who replies to it through the page. */
async function threadWithReply(author: Member, replierPage: (who: Member) => Promise<Page>) {
  const replier = await makeMember("Replier");
  const group = await makeGroup({ members: [author, replier] });
  const title = `First week home, ${author.displayName}`;
  const thread = await makeThread(group, author, title, "The evenings are the hardest part. What helps you?");
  const page = await replierPage(replier);
  await page.goto(thread.path);
  await page.getByLabel("Your reply").fill("A warm bath and an early night. You're doing well.");
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.locator("#post-1")).toContainText("A warm bath");
  return { title, thread };
}

test("a reply shows on the author's bell and notifications page, and opens at the reply", async ({ page, freshMember, browserAs }) => {
  const { title } = await threadWithReply(freshMember, browserAs);
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

test("the reply e-mail names neither the group nor the words; its unsubscribe link works without a sign-in", async ({ page, browserAs, loginAs }) => {
  const author = await makeMember("Author");
  const { title } = await threadWithReply(author, browserAs);
  const mail = await waitForMail(author.email, "You have a new reply on Harbor");
  expect(mail.text).not.toContain("warm bath");
  expect(mail.text).not.toContain(title);
  expect(mail.listUnsubscribe).toMatch(/\/unsubscribe\?u=/);

  // This browser is signed out: the link asks first, then stops reply e-mails.
  await page.goto(mail.listUnsubscribe!);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stop e-mails");
  await checkPage(page, "unsubscribe");
  await page.getByRole("button", { name: "Stop e-mails about replies" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You won't get these e-mails any more");
  // A tampered link gets a clear page.
  await page.goto(mail.listUnsubscribe!.replace(/s=[^&]+/, "s=forged"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("That didn't work");
  await expect(page.getByText("This unsubscribe link isn't valid")).toBeVisible();

  await loginAs(author);
  await page.goto("/settings/notifications");
  await expect(page.getByLabel("Replies")).toHaveValue("in_app");
});

test("notification settings: the defaults, and a change that stays", async ({ page, freshMember }) => {
  void freshMember;
  await page.goto("/settings/notifications");
  await expect(page.getByLabel("Replies")).toHaveValue("email");
  await expect(page.getByLabel("Meeting reminders")).toHaveValue("email");
  await expect(page.getByLabel("1 hour before")).toBeChecked();
  await expect(page.getByLabel("1 day before")).not.toBeChecked();
  await page.getByLabel("Reactions").selectOption("off");
  await page.getByLabel("1 day before").check();
  await page.getByRole("button", { name: "Save notification settings" }).click();
  await expect(page.getByRole("status")).toContainText("Your notification settings are saved.");
  await checkPage(page, "notification-settings");
  await page.reload();
  await expect(page.getByLabel("Reactions")).toHaveValue("off");
  await expect(page.getByLabel("1 day before")).toBeChecked();
});

test("a forgotten password is reset through the e-mailed link", async ({ page }) => {
  const member = await makeMember("Forgetful");

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

test("an admin sees how e-mail is doing and chooses the site's e-mail rules", { tag: "@site-wide" }, async ({ page, loginAs }) => {
  await loginAs("admin");
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

  /** A public group of its own with a moderator, and its weekly meeting (Tuesdays 19:00 Chicago). */
  async function groupMeeting(): Promise<{ moderator: Member; group: TestGroup; meeting: Awaited<ReturnType<typeof makeMeeting>> }> {
    const moderator = await makeMember("Moderator");
    const group = await makeGroup({ moderator });
    return { moderator, group, meeting: await makeMeeting(group) };
  }

  test("a reminder arrives by e-mail and on the bell before a meeting one is going to", async ({ page, freshMember, scheduledMail }) => {
    const { meeting } = await groupMeeting();
    await page.goto(meeting.path);
    const startIso = await sayGoingToNextDate(page);

    // Fifty minutes before it starts, the reminder job (default: an hour before, by e-mail) sends it.
    expect((await scheduledMail(new Date(Date.parse(startIso) - 50 * 60_000).toISOString())).reminders).toBeGreaterThanOrEqual(1);
    const mail = await waitForMail(freshMember.email, "Reminder: a meeting you're going to starts soon");
    expect(mail.text).toContain("/notifications/");
    expect(mail.listUnsubscribe).toMatch(/\/unsubscribe\?/);
    await page.goto("/notifications");
    // 19:00 in Chicago, in the member's own zone.
    await expect(
      page
        .getByRole("main")
        .getByText(new RegExp(`Reminder: ${meeting.name} starts .*7:00\\s?PM \\(your time\\)\\.`))
        .first(),
    ).toBeVisible();
  });

  test("a cancelled date one is going to waits for the daily digest instead of an e-mail of its own", async ({ page, freshMember, browserAs, scheduledMail }) => {
    const { moderator, meeting } = await groupMeeting();
    await page.goto("/settings/notifications");
    await page.getByLabel("Meeting changes").selectOption("digest");
    await page.getByRole("button", { name: "Save notification settings" }).click();
    await expect(page.getByRole("status")).toContainText("Your notification settings are saved.");
    await page.goto(meeting.path);
    const startIso = await sayGoingToNextDate(page);

    const mod = await browserAs(moderator);
    await mod.goto(meeting.path);
    const date = dateOf(mod, startIso);
    await date.getByText("Moderator: change this date").click();
    await date.getByLabel("Reason for cancelling").fill("The hall is closed for repairs");
    await date.getByRole("button", { name: "Cancel this date" }).click();
    await expect(mod.getByRole("status")).toContainText("That occurrence is cancelled.");

    // The digest goes from 8 a.m. in the member's zone: run the jobs at noon there, yesterday (an
    // instant already past, so the mail it queues is due at once).
    const yesterday = addDays(toLocal(Date.now(), "America/Chicago").date, -1);
    const noon = zonedToUtc(yesterday, "12:00", "America/Chicago");
    await scheduledMail(noon.toISOString());
    const digest = await waitForMail(freshMember.email, "Your daily Harbor digest");
    expect(digest.text).toContain("Meeting changes: 1");
    expect(readMails(freshMember.email).map((m) => m.subject)).not.toContain("A meeting you're going to has changed");
  });
});
