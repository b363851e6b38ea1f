// A site admin starts a group (after a mistake), a member joins it by invite link, and the
// group's settings, member list and invite pages are checked like every other page.
import { checkPage, expect, fastTest as test, makeMember, uniqueSuffix } from "./fixtures";

test("an admin starts a hidden group, invites a member, and manages it", async ({ page, loginAs, browserAs }) => {
  const name = `Evening Circle ${uniqueSuffix()}`;
  await loginAs("admin");

  await test.step("a mistake is explained at its field, and what was typed stays", async () => {
    await page.goto("/groups/new");
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Web address (optional)").fill("New");
    await page.getByRole("radio", { name: /^Hidden/ }).check();
    await page.getByRole("button", { name: "Start the group" }).click();
    await expect(page.getByRole("alert")).toBeVisible();
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
    await expect(page.getByRole("radio", { name: /^Hidden/ })).toBeChecked();
    await checkPage(page, "new-group-invalid");
  });

  const slug = name.toLowerCase().replace(/\s+/g, "-");
  await test.step("start it", async () => {
    await page.getByLabel("Web address (optional)").fill("");
    await page.getByLabel("Description").fill("A quiet circle for **evenings**.");
    await page.getByRole("button", { name: "Start the group" }).click();
    await expect(page).toHaveURL(new RegExp(`/groups/${slug}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  });

  await test.step("settings and invite pages", async () => {
    await page.goto(`/groups/${slug}/settings`);
    await expect(page.getByRole("radio", { name: /^Hidden/ })).toBeChecked();
    await checkPage(page, "group-settings");
    await page.goto(`/groups/${slug}/invites`);
    await page.getByRole("button", { name: "Create invite link" }).click();
    await expect(page.getByLabel("New invite link")).toHaveValue(/\/invites\/[a-z2-7]+$/);
    await checkPage(page, "group-invites");
  });
  const link = await page.getByLabel("New invite link").inputValue();

  const account = await makeMember("Invited");
  const guest = { page: await browserAs(account) };
  await guest.page.goto(new URL(link).pathname);
  await expect(guest.page.getByRole("heading", { level: 1 })).toContainText(name);
  await checkPage(guest.page, "invite-accept");
  await guest.page.getByRole("button", { name: /Join/ }).click();
  await expect(guest.page).toHaveURL(new RegExp(`/groups/${slug}$`));
  await guest.page.goto(`/groups/${slug}/members`);
  await expect(guest.page.getByRole("link", { name: account.displayName })).toBeVisible();
  await checkPage(guest.page, "group-members");
});
