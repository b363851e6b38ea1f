// Blocking and private messages (docs/messages.md) in Chromium: a member blocks another and stops
// seeing her posts (and she stops seeing his); a brand-new account is told it can't start a
// conversation yet; a member writes to another, who reports one message, and the admin's review
// shows only that message and the few before it.
import { makeEstablishedMember, makeGroup, makeThread, sendPrivateMessage } from "./data";
import { checkPage, expect, fastTest as test, makeMember } from "./fixtures";

test("Riley blocks Morgan and stops seeing her posts; Morgan no longer sees his", async ({ page, loginAs, browserAs }) => {
  const [riley, morgan, host] = await Promise.all([makeMember("Riley"), makeMember("Morgan"), makeMember("Host")]);
  const group = await makeGroup({ moderator: host, members: [riley, morgan] });
  const thread = await makeThread(group, host, "Evenings are the hardest", "How do you all get through the evenings?", [
    { author: morgan, body: "I walk the dog twice round the park." },
    { author: riley, body: "A bath and an early night." },
  ]);
  await loginAs(riley);
  await page.goto(`/members/${morgan.id}`);
  await page.getByRole("button", { name: `Block ${morgan.displayName}` }).click();
  await expect(page.getByText(`You blocked ${morgan.displayName}. Neither of you sees the other's posts`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Send a message" })).toHaveCount(0);

  await page.goto(thread.path);
  const posts = page
    .getByRole("main")
    .getByRole("listitem")
    .filter({ has: page.locator("article, details") });
  await expect(page.getByText("I walk the dog twice round the park.")).toBeHidden();
  const blocked = page.locator(".post--blocked");
  await expect(blocked).toHaveCount(1);
  await expect(blocked).toContainText("You blocked this member");
  await expect(page.getByText("A bath and an early night.")).toBeVisible();
  await checkPage(page, "messages-blocked-thread");
  await blocked.getByText("You blocked this member").click();
  await expect(page.getByText("I walk the dog twice round the park.")).toBeVisible();
  await expect(posts).toHaveCount(3);

  const morganPage = await browserAs(morgan);
  await morganPage.goto(thread.path);
  await expect(morganPage.getByText("I walk the dog twice round the park.")).toBeVisible();
  await expect(morganPage.getByText("How do you all get through the evenings?")).toBeVisible();
  await expect(morganPage.getByText("A bath and an early night.")).toHaveCount(0);
  await expect(morganPage.getByText("You blocked this member")).toHaveCount(0);

  await page.goto("/settings/blocked");
  const row = page.getByRole("listitem").filter({ hasText: morgan.displayName });
  await expect(row.getByRole("button", { name: `Unblock ${morgan.displayName}` })).toBeVisible();
  await checkPage(page, "messages-blocked-settings");
});

test("a brand-new account is told it can't start a conversation yet", async ({ page, freshMember }) => {
  void freshMember;
  const other = await makeMember("Neighbour");
  await page.goto(`/members/${other.id}`);
  await page.getByRole("link", { name: "Send a message" }).click();
  await expect(page.getByRole("heading", { name: "New message", level: 1 })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("New accounts can't start private conversations yet.");
  await expect(page.getByRole("status")).toContainText("you can answer anyone who writes to you");
  await expect(page.getByRole("button", { name: "Send" })).toHaveCount(0);
  await checkPage(page, "messages-new-account");
});

test("Alex messages Sam, Sam reports one message, and the admin sees only that part", async ({ page, loginAs, browserAs }) => {
  const [alex, sam] = await Promise.all([makeEstablishedMember("Alex"), makeMember("Sam")]);
  await makeGroup({ members: [alex, sam], label: "Alumni" });

  const alexPage = await browserAs(alex);
  await alexPage.goto(`/members/${sam.id}`);
  await alexPage.getByRole("link", { name: "Send a message" }).click();
  await expect(alexPage.getByLabel("To", { exact: true })).toHaveValue(sam.displayName);
  await alexPage.getByLabel("Your message", { exact: true }).fill("Hi Sam, it was good to see you at Tuesday's meeting.");
  await alexPage.getByRole("button", { name: "Send" }).click();
  await expect(alexPage.getByRole("heading", { level: 1 })).toContainText(sam.displayName);
  await expect(alexPage.getByText("Hi Sam, it was good to see you at Tuesday's meeting.")).toBeVisible();

  for (const body of [
    "How is the taper going?",
    "Mine has been rough this week.",
    "I ran out early again.",
    "Can you sell me a few of yours? I'll pay cash.",
    "Sorry, forget I asked.",
  ]) {
    await sendPrivateMessage(alex, sam, body);
  }

  await loginAs(sam);
  await page.goto("/messages");
  await page.getByRole("link", { name: new RegExp(alex.displayName) }).click();
  await expect(page.getByText("Can you sell me a few of yours? I'll pay cash.")).toBeVisible();
  await checkPage(page, "messages-conversation");
  const reported = page.getByRole("list", { name: "Messages" }).getByRole("listitem").filter({ hasText: "Can you sell me a few of yours?" });
  await reported.getByRole("link", { name: `Report this message from ${alex.displayName}` }).click();
  await expect(page.getByRole("heading", { name: "Report a message", level: 1 })).toBeVisible();
  await expect(page.getByRole("main")).toContainText("Can you sell me a few of yours? I'll pay cash.");
  await expect(page.getByRole("main")).toContainText("What the moderators will see: this message and up to 3 messages before it");
  await checkPage(page, "messages-report");
  await page.getByLabel("Drug sourcing or selling", { exact: true }).check();
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("heading", { name: "Thank you for telling us", level: 1 })).toBeVisible();

  const adminPage = await browserAs("admin");
  await adminPage.goto("/moderation");
  await adminPage.getByRole("link", { name: `A private message from ${alex.displayName}` }).click();
  const excerpt = adminPage.getByRole("list", { name: "Excerpt" });
  await expect(excerpt.getByRole("listitem")).toHaveCount(4);
  await expect(excerpt).toContainText("How is the taper going?");
  await expect(excerpt).toContainText("I ran out early again.");
  await expect(excerpt.getByRole("listitem").last()).toContainText("Can you sell me a few of yours? I'll pay cash.");
  await expect(excerpt.getByRole("listitem").last()).toContainText("Reported");
  await expect(adminPage.getByText("Hi Sam, it was good to see you at Tuesday's meeting.")).toHaveCount(0);
  await expect(adminPage.getByText("Sorry, forget I asked.")).toHaveCount(0);
  await checkPage(adminPage, "messages-review");
});
