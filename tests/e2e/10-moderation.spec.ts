// Moderation, as volunteers and members live it: a member reports a post for drug sourcing; the
// moderator finds it right after a crisis report, hides it and mutes its author for 24 hours; the
// author sees why; the audit log shows both. A new member's first post waits for approval and is
// published; a watched word blocks a post with a clear message; a crisis post shows its author the
// crisis resources at once and goes to the top of the queue.
import { checkPage, DEMO_PASSWORD, expect, newAccount, newWatchedContext, signIn, signUp, test } from "./fixtures";

const SAM = { email: "sam@harbor.test", password: DEMO_PASSWORD }; // moderates Benzo Recovery Circle
const MORGAN = { email: "morgan@harbor.test", password: DEMO_PASSWORD };
const THREAD_TITLE = "Week 6 of the taper and struggling";

test("reports, the queue, hiding, muting, approval, watched words and crisis language", async ({ page, browser, watcher }) => {
  const member = await signUp(page, newAccount("Reporter"));
  await page.goto("/groups/benzo-recovery-circle");
  await page.getByRole("button", { name: "Join this group" }).click();
  await page.getByRole("link", { name: THREAD_TITLE }).click();
  await page.waitForURL(/\/threads\/\d+/);
  const threadUrl = page.url().replace(/\?.*$/, "");

  await test.step("a member reports a post for drug sourcing", async () => {
    const sourcing = page.locator("li.post", { hasText: "spare bars" });
    await sourcing.getByRole("link", { name: /^Report/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Report to the moderators");
    await checkPage(page, "moderation-report-form");
    await page.getByRole("button", { name: "Send report" }).click();
    await expect(page.getByText("Choose the reason closest to what you saw.")).toBeVisible();
    await page.getByLabel("Drug sourcing or selling").check();
    await page.getByRole("button", { name: "Send report" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you for telling us");
  });

  const mod = await newWatchedContext(browser, watcher);
  const morgan = await newWatchedContext(browser, watcher);
  try {
    await signIn(mod.page, SAM.email, SAM.password);

    await test.step("the moderator sees it first after the crisis report", async () => {
      await mod.page.getByRole("link", { name: /^Moderation/ }).click();
      await expect(mod.page.getByRole("heading", { level: 1 })).toHaveText("Review queue");
      const items = mod.page.locator("li.queue-item");
      await expect(items.nth(0)).toContainText("Crisis — someone may be in danger");
      // The reported post is the first item after the crisis items (other journeys may add crises).
      const texts = await items.allInnerTexts();
      const at = texts.findIndex((t) => t.includes("spare bars"));
      expect(at).toBeGreaterThan(0);
      expect(texts.slice(0, at).every((t) => t.includes("Crisis"))).toBe(true);
      await expect(items.nth(at)).toContainText("3 reports");
      await checkPage(mod.page, "moderation-queue");
      await items.nth(at).getByRole("link").click();
      await expect(mod.page.getByRole("heading", { name: "Open reports" })).toBeVisible();
      await checkPage(mod.page, "moderation-review");
    });

    await test.step("hides it with a reason, then mutes the member for 24 hours", async () => {
      await mod.page.getByLabel(/^Hide it/).check();
      await mod.page.getByRole("button", { name: "Apply" }).click();
      await expect(mod.page.getByText("Please give a reason.")).toBeVisible();
      await mod.page.getByLabel(/^Hide it/).check();
      await mod.page.getByRole("textbox", { name: "Reason" }).fill("Asking members for pills is sourcing, which isn't allowed here.");
      await mod.page.getByRole("button", { name: "Apply" }).click();
      await expect(mod.page.getByRole("status")).toContainText("Hidden.");
      await mod.page.getByLabel(/^Mute the member/).check();
      await mod.page.getByRole("textbox", { name: "Reason" }).fill("Please take a day away. Sourcing isn't allowed here.");
      await mod.page.getByLabel(/For how long/).selectOption("24");
      await mod.page.getByRole("button", { name: "Apply" }).click();
      await expect(mod.page.getByRole("status")).toContainText("Muted.");
      await expect(mod.page.getByText("Muted", { exact: true })).toBeVisible();
    });

    await test.step("the member sees why", async () => {
      await signIn(morgan.page, MORGAN.email, MORGAN.password);
      await morgan.page.goto(`${threadUrl}?page=1`);
      await expect(morgan.page.getByText("Hidden by a moderator: Asking members for pills is sourcing")).toBeVisible();
      await morgan.page.getByLabel("Your reply").fill("Sorry, I was desperate.");
      await morgan.page.getByRole("button", { name: "Post reply" }).click();
      await expect(morgan.page.getByText(/You are muted in this group until .*Please take a day away/)).toBeVisible();
      await checkPage(morgan.page, "moderation-muted-member");
      // The group's board says so before they write anything…
      await morgan.page.goto("/groups/benzo-recovery-circle");
      await expect(morgan.page.getByRole("status")).toContainText(/You are muted in this group until .*Please take a day away/);
      await expect(morgan.page.getByRole("link", { name: "Start a thread" })).toHaveCount(0);
      // …and in their notifications: the hidden post and the mute, each with the moderator's reason.
      await morgan.page.goto("/notifications");
      await expect(morgan.page.getByRole("link", { name: /You were muted in Benzo Recovery Circle until/ })).toBeVisible();
      await expect(morgan.page.getByText("Please take a day away. Sourcing isn't allowed here.").first()).toBeVisible();
      await expect(morgan.page.getByRole("link", { name: /A moderator hid your post/ })).toBeVisible();
    });

    await test.step("the audit log shows both actions", async () => {
      await mod.page.goto("/moderation/audit");
      await expect(mod.page.getByRole("cell", { name: /Hid a post/ }).first()).toBeVisible();
      await expect(mod.page.getByRole("cell", { name: /Muted a member/ }).first()).toBeVisible();
      await mod.page.getByLabel("Action").selectOption("member.mute");
      await mod.page.getByRole("button", { name: "Filter" }).click();
      await expect(mod.page.getByRole("cell", { name: /Hid a post/ })).toHaveCount(0);
      await expect(mod.page.getByRole("cell", { name: "Morgan K." }).first()).toBeVisible();
      await checkPage(mod.page, "moderation-audit-log");
    });

    await test.step("a new member's first post waits for approval, then is published", async () => {
      await mod.page.goto("/moderation/groups/benzo-recovery-circle");
      await mod.page.getByLabel(/Hold a new member's first posts/).fill("1");
      await mod.page.getByRole("button", { name: "Save post approval" }).click();
      await expect(mod.page.getByRole("status")).toContainText("Post approval saved.");
      await checkPage(mod.page, "moderation-group-settings");

      await page.goto(threadUrl);
      await page.getByLabel("Your reply").fill("Day 3 here. Walks have helped me too.");
      await page.getByRole("button", { name: "Post reply" }).click();
      await expect(page.getByText("Your post is waiting for a moderator.")).toBeVisible();
      await expect(page.locator("li.post", { hasText: "Day 3 here" })).toHaveCount(0);

      await mod.page.goto("/moderation");
      const held = mod.page.locator("li.queue-item", { hasText: "Day 3 here" });
      await expect(held).toContainText("Waiting for approval");
      await held.getByRole("link").click();
      await mod.page.getByLabel(/^Approve and publish/).check();
      await mod.page.getByRole("button", { name: "Apply" }).click();
      await expect(mod.page.getByRole("status")).toContainText("Approved");

      await page.goto(`${threadUrl}?page=1`);
      await expect(page.locator("li.post", { hasText: "Day 3 here" })).toBeVisible();

      // Back to the demo group's own setting: the journeys that follow post there as new members.
      await mod.page.goto("/moderation/groups/benzo-recovery-circle");
      await mod.page.getByLabel(/Hold a new member's first posts/).fill("0");
      await mod.page.getByRole("button", { name: "Save post approval" }).click();
      await expect(mod.page.getByRole("status")).toContainText("Post approval saved.");
    });

    await test.step("a watched word blocks a post with a clear message", async () => {
      await page.getByLabel("Your reply").fill("I'm s e l l i n g  x a n a x if anyone needs it");
      await page.getByRole("button", { name: "Post reply" }).click();
      await expect(page.getByText(/This wasn't posted: it contains “selling xanax”/)).toBeVisible();
      await expect(page.getByLabel("Your reply")).toHaveValue(/x a n a x/);
    });

    await test.step("a crisis post shows its author the resources at once and tops the queue", async () => {
      await page.getByLabel("Your reply").fill("Honestly I don't want to be alive anymore. Tonight I might take all my pills.");
      await page.getByRole("button", { name: "Post reply" }).click();
      await expect(page.getByRole("heading", { name: "We're glad you reached out" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Call or text 988" }).first()).toBeVisible();
      await checkPage(page, "moderation-crisis-resources");

      await mod.page.goto("/moderation");
      // Crisis items lead the queue (the demo's crisis report and this post), ahead of everything else.
      const texts = await mod.page.locator("li.queue-item").allInnerTexts();
      const mine = texts.findIndex((t) => t.includes(member.displayName) && t.includes("Crisis"));
      const firstOther = texts.findIndex((t) => !t.includes("Crisis"));
      expect(mine).toBeGreaterThanOrEqual(0);
      expect(firstOther === -1 || mine < firstOther).toBe(true);
    });

    await test.step("the admin console's moderation dashboard", async () => {
      const admin = await newWatchedContext(browser, watcher);
      try {
        await signIn(admin.page, "admin@harbor.test", DEMO_PASSWORD);
        await admin.page.goto("/admin/moderation");
        await expect(admin.page.getByRole("heading", { name: "Posts per day" })).toBeVisible();
        await expect(admin.page.getByRole("img", { name: /Open reports by reason/ })).toBeVisible();
        await checkPage(admin.page, "moderation-admin-dashboard");
        await admin.page.goto("/admin/watched-words");
        await expect(admin.page.getByRole("cell", { name: "selling xanax", exact: true })).toBeVisible();
        await checkPage(admin.page, "moderation-watched-words");
        await admin.page.goto("/admin/users?q=morgan");
        await expect(admin.page.getByRole("link", { name: "Morgan K.", exact: true })).toBeVisible();
        await admin.page.getByRole("link", { name: /Moderation history of Morgan K\./ }).click();
        await expect(admin.page.getByText("Muted", { exact: true })).toBeVisible();
        await checkPage(admin.page, "moderation-member-history");
        await admin.page.goto("/admin/site");
        await checkPage(admin.page, "admin-site-settings");
      } finally {
        await admin.context.close();
      }
    });
  } finally {
    await mod.context.close();
    await morgan.context.close();
  }
});
