// Peer group boards, as a member lives them: join a public group, start a thread in Markdown,
// reply, quote, react, edit; unsafe Markdown shows as harmless text; private and hidden groups
// stay closed to those outside them.
import { checkPage, expect, fastTest as test, makeMember } from "./fixtures";

const XSS = "<img src=x onerror=alert(1)> and [click me](javascript:alert(1))";

test("a member joins a public group, starts a thread, replies, quotes, reacts and edits", async ({ page, freshMember: me }) => {
  page.on("dialog", (dialog) => {
    throw new Error(`A script ran and opened a dialog: ${dialog.message()}`);
  });

  await test.step("join a public group", async () => {
    await page.goto("/groups");
    await checkPage(page, "groups");
    await page.getByRole("link", { name: "Benzo Recovery Circle" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Benzo Recovery Circle");
    await page.getByRole("button", { name: "Join this group" }).click();
    await expect(page.getByRole("status")).toContainText("Welcome to Benzo Recovery Circle");
    await checkPage(page, "group-board");
  });

  const title = `Day 12 and ${me.displayName}`;
  await test.step("start a thread in Markdown, with a preview first", async () => {
    await page.getByRole("link", { name: "Start a thread" }).click();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Your post").fill(`**Twelve days** today.\n\n${XSS}`);
    await page.getByRole("button", { name: "Preview" }).click();
    const preview = page.getByRole("region", { name: "Preview" });
    await expect(preview.locator("strong")).toHaveText("Twelve days");
    await expect(page.getByLabel("Your post")).toHaveValue(/Twelve days/);
    await checkPage(page, "new-thread-preview");
    await page.getByRole("button", { name: "Post thread" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  });

  const opening = page.locator("#post-0");
  await test.step("unsafe Markdown shows as harmless text", async () => {
    await expect(opening.locator("strong")).toHaveText("Twelve days");
    await expect(opening).toContainText("<img src=x onerror=alert(1)>");
    await expect(opening.locator("img")).toHaveCount(0);
    await expect(opening.getByText("click me")).toBeVisible();
    const hrefs = await opening.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    expect(hrefs.some((h) => /javascript:/i.test(h))).toBe(false);
  });

  await test.step("reply, then quote the opening post", async () => {
    await page.getByLabel("Your reply").fill("Thank you all for being here.");
    await page.getByRole("button", { name: "Post reply" }).click();
    await expect(page.locator("#post-1")).toContainText("Thank you all for being here.");
    await opening.getByRole("link", { name: `Quote ${me.displayName}` }).click();
    await expect(page.getByLabel("Your reply")).toHaveValue(new RegExp(`^> \\*\\*${me.displayName}\\*\\* wrote:`));
    await page.getByLabel("Your reply").press("Control+End");
    await page.getByLabel("Your reply").pressSequentially("Still true tonight.");
    await page.getByRole("button", { name: "Post reply" }).click();
    await expect(page.locator("#post-2 blockquote")).toContainText("Twelve days");
    await expect(page.locator("#post-2 > article > .prose > p").last()).toHaveText("Still true tonight.");
  });

  await test.step("react, and take it back with the keyboard: no reload, and the focus stays on the button", async () => {
    const support = () => opening.getByRole("button", { name: /^Support/ });
    await page.evaluate(() => Object.assign(window, { samePage: true }));
    await support().click();
    await expect(support()).toHaveAttribute("aria-pressed", "true");
    await expect(support()).toContainText("1");
    await support().focus();
    await page.keyboard.press("Enter");
    await expect(support()).toHaveAttribute("aria-pressed", "false");
    await expect(support()).toBeFocused();
    expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  });

  await test.step("edit a reply: marked edited, earlier version in its history", async () => {
    await page.locator("#post-1").getByRole("link", { name: "Edit your post" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Edit your post");
    await page.getByLabel("Your post").fill("Thank you all for being here. *Really.*");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.locator("#post-1")).toContainText("edited");
    await expect(page.locator("#post-1 em")).toHaveText("Really.");
    await checkPage(page, "thread");
    await page.locator("#post-1").getByRole("link", { name: "History" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Earlier versions");
    await expect(page.locator("main")).toContainText("Thank you all for being here.");
  });

  await test.step("delete a reply: the thread keeps its shape", async () => {
    await page.goBack();
    await page.locator("#post-2").getByRole("button", { name: "Delete your post" }).click();
    await expect(page.locator("#post-2")).toContainText("Post removed by its author.");
    await expect(page.locator("#post-2 blockquote")).toHaveCount(0);
  });

  await test.step("search the group and find the thread", async () => {
    await page.goto("/groups/benzo-recovery-circle");
    await page.getByLabel("Search this group").fill("twelve");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/search\?q=twelve&group=benzo-recovery-circle/);
    const result = page.getByRole("link", { name: title });
    await expect(result).toBeVisible();
    await expect(page.locator("mark").first()).toHaveText(/twelve/i);
    await checkPage(page, "search");
    await result.click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  });

  await test.step("My groups lists the group", async () => {
    await page.goto("/my-groups");
    await expect(page.getByRole("link", { name: "Benzo Recovery Circle" })).toBeVisible();
    await checkPage(page, "my-groups");
  });
});

test("private and hidden groups are closed to those outside them", async ({ page, loginAs, browserAs }) => {
  // A member of the private group finds a thread's address…
  await loginAs("sam");
  await page.goto("/groups/spring-2026-alumni");
  await page.getByRole("link", { name: "Reunion in June?" }).click();
  await expect(page).toHaveURL(/\/threads\/\d+/);
  const threadUrl = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reunion in June?");

  // …which an outsider cannot open, signed in or not; the hidden group does not exist for them.
  const visitor = await browserAs(null);
  const outsider = { page: await browserAs(await makeMember("Outsider")) };
  // Signed out: the private group's thread and member list ask for a sign-in; the hidden group is a 404.
  for (const path of [threadUrl, "/groups/spring-2026-alumni/members"]) {
    await visitor.goto(path);
    await expect(visitor, `${path} for a visitor`).toHaveURL(/\/login\?redirectTo=/);
    expect((await visitor.goto("/groups/family-and-friends-tuesday"))?.status()).toBe(404);
    for (const path of [threadUrl, "/groups/family-and-friends-tuesday", "/groups/spring-2026-alumni/members"]) {
      const response = await outsider.page.goto(path);
      expect(response?.status(), `${path} for a non-member`).toBe(404);
      await expect(outsider.page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
    }
    // The private group itself is listed with its description, and offers to ask to join.
    await outsider.page.goto("/groups/spring-2026-alumni");
    await expect(outsider.page.getByRole("heading", { name: "Ask to join" })).toBeVisible();
    await expect(outsider.page.getByText("Reunion in June?")).toHaveCount(0);
    await checkPage(outsider.page, "private-group-outsider");
    await outsider.page.goto("/groups");
    await expect(outsider.page.getByRole("link", { name: "Family & Friends Tuesday" })).toHaveCount(0);
  }
});

test("a request to join a private group, approved by its moderator", async ({ page, freshMember: asker, browserAs }) => {
  await page.goto("/groups/spring-2026-alumni");
  await page.getByLabel("A few words for the moderators (optional)").fill("I was in the spring programme.");
  await page.getByRole("button", { name: "Ask to join" }).click();
  await expect(page.getByRole("status")).toContainText("Your request is on its way");

  const moderator = { page: await browserAs("admin") };
  await moderator.page.goto("/groups/spring-2026-alumni/requests");
  const request = moderator.page.getByRole("listitem").filter({ hasText: asker.displayName });
  await expect(request).toContainText("I was in the spring programme.");
  await checkPage(moderator.page, "join-requests");
  await request.getByRole("button", { name: /Approve/ }).click();
  await expect(moderator.page.getByRole("status")).toContainText(asker.displayName);

  await page.goto("/groups/spring-2026-alumni");
  await expect(page.getByRole("link", { name: "Reunion in June?" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Start a thread" })).toBeVisible();
});
