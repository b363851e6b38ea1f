// Moderation, as volunteers and members live it, each part in a short test on a group of its own
// (made in the database, tests/e2e/data.ts, like the demo's Benzo Recovery Circle): a member
// reports a post for drug sourcing and the moderator finds it right after a crisis report; the
// moderator hides it and mutes its author for 24 hours, and the audit log shows both; the author
// sees why; a new member's first post waits for approval; a watched word blocks a post; a crisis
// post shows its author the crisis resources at once and tops the queue; the admin's pages.
import { checkPage, expect, fastTest as test, makeMember } from "./fixtures";
import { e2eDatabase, makeGroup, makeThread, reportPost, settled, type Member } from "./data";

const THREAD_TITLE = "Week 6 of the taper and struggling";
const SOURCING = "Honestly, if anyone has spare bars I'd pay well, my doctor won't listen. Message me.";
const HIDE_REASON = "Asking members for pills is sourcing, which isn't allowed here.";
const MUTE_REASON = "Please take a day away. Sourcing isn't allowed here.";

/**
 * A group with its moderator and a thread as the demo has it: a kind reply, a reply with crisis
 * language that a member reported as a crisis, and a post asking for pills that a member
 * reported for sourcing (a third report would hide it until reviewed). `members` are made members of the group too.
 */
async function moderatedGroup(members: Member[] = []) {
  const [moderator, author, helper, riley] = await Promise.all(["Moderator", "Morgan", "Alex", "Riley"].map((label) => makeMember(label)));
  const group = await makeGroup({ moderator, members: [author!, helper!, riley!, ...members] });
  const thread = await makeThread(group, author!, THREAD_TITLE, "My prescriber dropped me another 5% and the rebound anxiety is back.", [
    { author: helper!, body: "The hard weeks pass. Walks and calling my sponsor every evening helped me." },
    { author: riley!, body: "I haven't slept in four days. Honestly I don't want to be alive anymore." },
    { author: author!, body: SOURCING },
  ]);
  const [, crisisPost, sourcingPost] = thread.replyIds as [number, number, number];
  await reportPost(helper!, crisisPost, "crisis", "Riley sounds like they are in real danger tonight.");
  await reportPost(helper!, sourcingPost, "sourcing", "Asking members to sell them pills.");
  return { moderator: moderator!, author: author!, group, thread, sourcingPost };
}

/** The moderator hides the sourcing post and mutes its author, as the review page does. */
async function hideAndMute(moderator: Member, postId: number) {
  const db = await e2eDatabase();
  const { moderate } = await import("../../app/models/moderation/actions.server");
  const actor = { id: moderator.id, role: "member" };
  await settled(() => moderate(db, actor, { kind: "post", id: postId }, { action: "hide", reason: HIDE_REASON }));
  await settled(() => moderate(db, actor, { kind: "post", id: postId }, { action: "mute", reason: MUTE_REASON, hours: 24 }));
}

test("a member reports a post for drug sourcing, and the moderator finds it right after the crisis report", async ({ page, freshMember, browserAs }) => {
  const { moderator, thread } = await moderatedGroup([freshMember]);
  await page.goto(thread.path);
  await page
    .locator("li.post", { hasText: "spare bars" })
    .getByRole("link", { name: /^Report/ })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Report to the moderators");
  await checkPage(page, "moderation-report-form");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByText("Choose the reason closest to what you saw.")).toBeVisible();
  await page.getByLabel("Drug sourcing or selling").check();
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thank you for telling us");

  const mod = await browserAs(moderator);
  await mod.goto("/");
  await mod.getByRole("link", { name: /^Moderation/ }).click();
  await expect(mod.getByRole("heading", { level: 1 })).toHaveText("Review queue");
  const items = mod.locator("li.queue-item");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText("Crisis — someone may be in danger");
  await expect(items.nth(1)).toContainText("spare bars");
  await expect(items.nth(1)).toContainText("2 reports");
  await checkPage(mod, "moderation-queue");
  await items.nth(1).getByRole("link").click();
  await expect(mod.getByRole("heading", { name: "Open reports" })).toBeVisible();
  await checkPage(mod, "moderation-review");
});

test("a moderator hides a post with a reason and mutes its author for 24 hours; the audit log shows both", async ({ page, loginAs }) => {
  const { moderator, author, sourcingPost } = await moderatedGroup();
  await loginAs(moderator);
  await page.goto(`/moderation/review/post/${sourcingPost}`);
  await page.getByLabel(/^Hide it/).check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("Please give a reason.")).toBeVisible();
  await page.getByLabel(/^Hide it/).check();
  await page.getByRole("textbox", { name: "Reason" }).fill(HIDE_REASON);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status")).toContainText("Hidden.");
  await page.getByLabel(/^Mute the member/).check();
  await page.getByRole("textbox", { name: "Reason" }).fill(MUTE_REASON);
  await page.getByLabel(/For how long/).selectOption("24");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status")).toContainText("Muted.");
  await expect(page.getByText("Muted", { exact: true })).toBeVisible();

  await page.goto("/moderation/audit");
  await expect(page.getByRole("cell", { name: /Hid a post/ })).toHaveCount(1);
  await expect(page.getByRole("cell", { name: /Muted a member/ })).toHaveCount(1);
  await page.getByLabel("Action").selectOption("member.mute");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("cell", { name: /Hid a post/ })).toHaveCount(0);
  await expect(page.getByRole("cell", { name: author.displayName }).first()).toBeVisible();
  await checkPage(page, "moderation-audit-log");
});

test("a muted member sees why: the hidden post's reason, a refused reply, the board's notice and their notifications", async ({ page, loginAs }) => {
  const { moderator, author, group, thread, sourcingPost } = await moderatedGroup();
  await hideAndMute(moderator, sourcingPost);
  await loginAs(author);
  await page.goto(`${thread.path}?page=1`);
  await expect(page.getByText(`Hidden by a moderator: ${HIDE_REASON}`)).toBeVisible();
  await page.getByLabel("Your reply").fill("Sorry, I was desperate.");
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByText(/You are muted in this group until .*Please take a day away/)).toBeVisible();
  await checkPage(page, "moderation-muted-member");
  // The group's board says so before they write anything…
  await page.goto(group.path);
  await expect(page.getByRole("status")).toContainText(/You are muted in this group until .*Please take a day away/);
  await expect(page.getByRole("link", { name: "Start a thread" })).toHaveCount(0);
  // …and in their notifications: the hidden post and the mute, each with the moderator's reason.
  await page.goto("/notifications");
  await expect(page.getByRole("link", { name: new RegExp(`You were muted in ${group.name} until`) })).toBeVisible();
  await expect(page.getByText(MUTE_REASON).first()).toBeVisible();
  await expect(page.getByRole("link", { name: /A moderator hid your post/ })).toBeVisible();
});

test("a new member's first post waits for approval, then is published", async ({ page, loginAs, browserAs }) => {
  const newcomer = await makeMember("Newcomer");
  const { moderator, group, thread } = await moderatedGroup([newcomer]);
  await loginAs(moderator);
  await page.goto(`/moderation/groups/${group.slug}`);
  await page.getByLabel(/Hold a new member's first posts/).fill("1");
  await page.getByRole("button", { name: "Save post approval" }).click();
  await expect(page.getByRole("status")).toContainText("Post approval saved.");
  await checkPage(page, "moderation-group-settings");

  const member = await browserAs(newcomer);
  await member.goto(thread.path);
  await member.getByLabel("Your reply").fill("Day 3 here. Walks have helped me too.");
  await member.getByRole("button", { name: "Post reply" }).click();
  await expect(member.getByText("Your post is waiting for a moderator.")).toBeVisible();
  await expect(member.locator("li.post", { hasText: "Day 3 here" })).toHaveCount(0);

  await page.goto("/moderation");
  const held = page.locator("li.queue-item", { hasText: "Day 3 here" });
  await expect(held).toContainText("Waiting for approval");
  await held.getByRole("link").click();
  await page.getByLabel(/^Approve and publish/).check();
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status")).toContainText("Approved");

  await member.goto(`${thread.path}?page=1`);
  await expect(member.locator("li.post", { hasText: "Day 3 here" })).toBeVisible();
});

test("a watched word blocks a post with a clear message, and what was typed stays", async ({ page, freshMember }) => {
  const { thread } = await moderatedGroup([freshMember]);
  await page.goto(thread.path);
  await page.getByLabel("Your reply").fill("I'm s e l l i n g  x a n a x if anyone needs it");
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByText(/This wasn't posted: it contains “selling xanax”/)).toBeVisible();
  await expect(page.getByLabel("Your reply")).toHaveValue(/x a n a x/);
});

test("a crisis post shows its author the crisis resources at once and goes ahead of other reports in the queue", async ({ page, freshMember, browserAs }) => {
  const { moderator, thread } = await moderatedGroup([freshMember]);
  await page.goto(thread.path);
  await page.getByLabel("Your reply").fill("Honestly I don't want to be alive anymore. Tonight I might take all my pills.");
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByRole("heading", { name: "We're glad you reached out" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Call or text 988" }).first()).toBeVisible();
  await checkPage(page, "moderation-crisis-resources");

  const mod = await browserAs(moderator);
  await mod.goto("/moderation");
  // Crisis items lead the queue (the reported crisis and this post), ahead of the sourcing report.
  const texts = await mod.locator("li.queue-item").allInnerTexts();
  expect(texts).toHaveLength(3);
  expect(texts.slice(0, 2).every((t) => t.includes("Crisis"))).toBe(true);
  expect(texts.slice(0, 2).some((t) => t.includes(freshMember.displayName))).toBe(true);
  expect(texts[2]).toContain("spare bars");
});

test("the admin console's moderation pages: the dashboard, watched words and a member's history", async ({ page, loginAs }) => {
  const { moderator, author, sourcingPost } = await moderatedGroup();
  await hideAndMute(moderator, sourcingPost);
  await loginAs("admin");
  await page.goto("/admin/moderation");
  await expect(page.getByRole("heading", { name: "Posts per day" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Open reports by reason/ })).toBeVisible();
  await checkPage(page, "moderation-admin-dashboard");
  await page.goto("/admin/watched-words");
  await expect(page.getByRole("cell", { name: "selling xanax", exact: true })).toBeVisible();
  await checkPage(page, "moderation-watched-words");
  await page.goto(`/admin/users?q=${encodeURIComponent(author.displayName)}`);
  await expect(page.getByRole("link", { name: author.displayName, exact: true })).toBeVisible();
  await page.getByRole("link", { name: `Moderation history of ${author.displayName}` }).click();
  await expect(page.getByText("Muted", { exact: true })).toBeVisible();
  await checkPage(page, "moderation-member-history");
  await page.goto("/admin/site");
  await checkPage(page, "admin-site-settings");
});
