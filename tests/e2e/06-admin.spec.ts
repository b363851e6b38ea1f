// The admin console: closed to members, and the crisis resources an admin can set for their country.
// The tests that change the whole site (roles, the crisis page) are tagged @site-wide: they run
// after the others, one at a time (playwright.config.ts), and put the built-in regions back, since other
// tests look for 988.
import type { Page } from "@playwright/test";
import { checkPage, expect, fastTest as test, header, makeMember, ORIGIN } from "./fixtures";

async function expectForbidden(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This page isn't available to you");
  await expect(page.getByRole("main")).toContainText("You don't have access to this page.");
  await expect(header(page).getByRole("link", { name: "Need help now?" })).toBeVisible();
}

test("members get a friendly 403 page from the admin console", async ({ page, freshMember }) => {
  void freshMember;
  await page.goto("/");
  await expect(header(page).getByRole("link", { name: "Admin" })).toHaveCount(0);
  await expectForbidden(page, "/admin");
  await checkPage(page, "forbidden");
  await expectForbidden(page, "/admin/users");
  await expectForbidden(page, "/admin/crisis");

  // Posting to an admin form directly is refused as well, and changes nothing.
  const post = await page.request.post("/admin/crisis", {
    headers: { Origin: ORIGIN },
    form: { intent: "save", region: "Nowhere", r0_name: "Fake line", r0_contact: "Call 000" },
    maxRedirects: 0,
  });
  expect(post.status()).toBe(403);
  await page.goto("/help");
  await expect(page.getByRole("heading", { name: "Talk to someone now (United States)" })).toBeVisible();
});

test("signed out, the admin console asks for a sign-in", async ({ page }) => {
  await page.goto("/admin/users");
  await expect(page).toHaveURL(`${ORIGIN}/login?redirectTo=%2Fadmin%2Fusers`);
});

test("the admin can open the console and change a member's role", { tag: "@site-wide" }, async ({ page, loginAs, browserAs }) => {
  const account = await makeMember("Promoted");
  const memberPage = await browserAs(account);
  await loginAs("admin");
  await page.goto("/");

  await test.step("overview", async () => {
    await header(page).getByRole("link", { name: "Admin" }).click();
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Admin console");
    await expect(page.getByRole("main")).toContainText(/\d+ members? and 1 admin\./);
    await checkPage(page, "admin");
  });

  await test.step("members list: newest first, no e-mail addresses", async () => {
    await page.getByRole("link", { name: "Manage members" }).click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Members");
    const table = page.getByRole("table", { name: "Members and their roles" });
    await expect(table.getByRole("row").nth(1)).toContainText(account.displayName);
    await expect(page.getByRole("main")).not.toContainText("@harbor.test");
    await expect(page.getByRole("main")).not.toContainText(account.email);
    await checkPage(page, "admin-users");
    // The list is newest first and other tests add members: the admin is found by the search.
    await page.goto("/admin/users?q=Jordan");
    await expect(table.getByRole("row", { name: /Jordan \(admin\) \(you\)/ })).toContainText("Admin");
    await page.goto("/admin/users");
  });

  await test.step("make the new member an admin, and a member again", async () => {
    const row = page.getByRole("row").filter({ hasText: account.displayName });
    await row.getByRole("button", { name: `Make admin (${account.displayName})` }).click();
    await expect(page.getByRole("status")).toHaveText(`${account.displayName} is now an admin.`);
    await memberPage.goto("/admin");
    await expect(memberPage.getByRole("heading", { level: 1 })).toHaveText("Admin console");

    await row.getByRole("button", { name: `Make member (${account.displayName})` }).click();
    await expect(page.getByRole("status")).toHaveText(`${account.displayName} is now a member.`);
    const response = await memberPage.goto("/admin");
    expect(response?.status()).toBe(403);
  });
});

test("the admin edits the default region's crisis resources, and restores the built-in regions", { tag: "@site-wide" }, async ({ page, loginAs, browserAs }) => {
  const visitor = { page: await browserAs(null) };
  await loginAs("admin");
  try {
    await test.step("the crisis resources form", async () => {
      await page.goto("/admin");
      await page.getByRole("link", { name: "Edit resources" }).click();
      await expect(page).toHaveURL(/\/admin\/crisis$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Crisis resources");
      await expect(page.getByLabel("Where these apply")).toHaveValue("United States");
      const first = page.getByRole("group", { name: "Resource 1" });
      await expect(first.getByLabel("Name")).toHaveValue("988 Suicide & Crisis Lifeline");
      await checkPage(page, "admin-crisis");
    });

    await test.step("a link that isn't tel:, sms: or https: is refused at the field", async () => {
      const first = page.getByRole("group", { name: "Resource 1" });
      await first.getByLabel("Link (optional)").fill("javascript:alert(1)");
      await page.getByRole("button", { name: /^Save / }).click();
      await expect(page.getByRole("alert")).toContainText("Please check the field marked below.");
      await expect(page.locator("#field-r0_href-error")).toContainText("Use tel:988, sms:988 or an https:// address.");
      await expect(first.getByLabel("Link (optional)")).toHaveValue("javascript:alert(1)");
      await checkPage(page, "admin-crisis-invalid");
      await visitor.page.goto("/help");
      await expect(visitor.page.getByRole("link", { name: "Call or text 988" })).toHaveAttribute("href", "tel:988");
    });

    await test.step("save a different region and first resource", async () => {
      const first = page.getByRole("group", { name: "Resource 1" });
      await page.getByLabel("Where these apply").fill("Testland");
      await first.getByLabel("Name").fill("Testland Crisis Line");
      await first.getByLabel("How to reach them").fill("Call 555 0100");
      await first.getByLabel("Link (optional)").fill("tel:5550100");
      await page.getByRole("button", { name: /^Save / }).click();
      await expect(page.getByRole("status")).toHaveText("Saved. The “Need help now?” page shows these resources.");
      await expect(page.getByRole("alert")).toHaveCount(0);
      // The form shows what was saved, right away and after a fresh load.
      for (const when of ["after saving", "after a reload"]) {
        if (when === "after a reload") await page.reload();
        await expect(page.getByLabel("Where these apply"), when).toHaveValue("Testland");
        await expect(page.getByRole("group", { name: "Resource 1" }).getByLabel("Name"), when).toHaveValue("Testland Crisis Line");
        await expect(page.getByRole("group", { name: "Resource 1" }).getByLabel("Link (optional)"), when).toHaveValue("tel:5550100");
        await expect(page.getByRole("group", { name: "Resource 2" }).getByLabel("Name"), when).toHaveValue("SAMHSA National Helpline");
      }
    });

    await test.step("a signed-out visitor sees the change on /help", async () => {
      await visitor.page.goto("/");
      await header(visitor.page).getByRole("link", { name: "Need help now?" }).click();
      await expect(visitor.page.getByRole("heading", { name: "Talk to someone now (Testland)" })).toBeVisible();
      await expect(visitor.page.getByRole("heading", { name: "Testland Crisis Line" })).toBeVisible();
      await expect(visitor.page.getByRole("link", { name: "Call 555 0100" })).toHaveAttribute("href", "tel:5550100");
      await expect(visitor.page.getByRole("heading", { name: "988 Suicide & Crisis Lifeline" })).toHaveCount(0);
      // The other resources and the safety note are untouched.
      await expect(visitor.page.getByRole("link", { name: /1-800-662-4357/ })).toBeVisible();
      await expect(visitor.page.getByRole("note")).toContainText("benzodiazepine");
      await checkPage(visitor.page, "help-edited");
    });

    await test.step("Restore the built-in regions brings 988 back", async () => {
      await page.getByRole("button", { name: "Restore the built-in regions" }).click();
      await expect(page.getByRole("status")).toHaveText("The built-in regions are back, with the United States as the site's default.");
      for (const when of ["after restoring", "after a reload"]) {
        if (when === "after a reload") await page.reload();
        await expect(page.getByLabel("Where these apply"), when).toHaveValue("United States");
        await expect(page.getByRole("group", { name: "Resource 1" }).getByLabel("Name"), when).toHaveValue("988 Suicide & Crisis Lifeline");
        await expect(page.getByRole("group", { name: "Resource 1" }).getByLabel("Link (optional)"), when).toHaveValue("tel:988");
      }
      await visitor.page.reload();
      await expect(visitor.page.getByRole("heading", { name: "Talk to someone now (United States)" })).toBeVisible();
      await expect(visitor.page.getByRole("link", { name: "Call or text 988" })).toHaveAttribute("href", "tel:988");
      await expect(visitor.page.getByRole("heading", { name: "Testland Crisis Line" })).toHaveCount(0);
    });
  } finally {
    // Whatever happened above, leave the crisis page as every other test expects it.
    const reset = await page.request.post("/admin/crisis", { headers: { Origin: ORIGIN }, form: { intent: "reset" }, maxRedirects: 0 });
    expect(reset.status()).toBe(200);
  }
});

test("the last admin cannot make themselves a member", { tag: "@site-wide" }, async ({ page, loginAs }) => {
  await loginAs("admin");
  await page.goto("/admin/users?q=Jordan"); // newest first, and other tests add members
  const self = page.getByRole("row").filter({ hasText: "Jordan (admin) (you)" });
  await expect(self).toContainText("The only admin");
  // No role change for the only admin (the care-team and editor buttons are other roles).
  await expect(self.getByRole("button", { name: /Make (member|moderator)/ })).toHaveCount(0);
  // The server refuses it too, whatever the page offers.
  const adminId = await self.getByRole("link", { name: "Jordan (admin)" }).getAttribute("href");
  const refused = await page.request.post("/admin/users", {
    headers: { Origin: ORIGIN },
    form: { userId: adminId!.replace("/members/", ""), role: "member" },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(409);
  expect(await refused.text()).toContain("Harbor needs at least one admin");
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Admin console");
});
