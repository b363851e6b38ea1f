// Pages are rendered on the server and hydrated; Remix's links then navigate without reloading.
// A thread's post bodies must show after hydration, after client-side navigation, and coming back.
import { expect, test } from "./fixtures";

test("a thread's post bodies survive hydration and client navigation", async ({ page }) => {
  await page.goto("/groups/benzo-recovery-circle");
  const threadLink = page.getByRole("link", { name: "What got you through the evenings?" });
  const href = await threadLink.getAttribute("href");
  await page.goto(href!);
  const firstBody = page.locator("#post-0 .prose");
  const text = (await firstBody.innerText()).trim();
  expect(text.length).toBeGreaterThan(20);

  // Once the page is interactive the bodies are still there.
  await page.waitForFunction(() => "__remixRouter" in window);
  await expect(firstBody).toHaveText(text);

  // Client navigation (data request, bodies included) away and back keeps every body.
  await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Benzo Recovery Circle" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Benzo Recovery Circle");
  await page.getByRole("link", { name: "What got you through the evenings?" }).click();
  await expect(page.locator("#post-0 .prose")).toHaveText(text);
  for (const body of await page.locator("article .prose").all()) expect((await body.innerText()).trim().length).toBeGreaterThan(0);
});

test("the header's links navigate without reloading the page and mark the current place", async ({ page }) => {
  await page.goto("/groups");
  await page.waitForFunction(() => "__remixRouter" in window);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Groups" })).toHaveAttribute("aria-current", "page");
  // A marker on the window survives client-side navigation, not a full page load.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await nav.getByRole("link", { name: "Meetings" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Meetings");
  await expect(nav.getByRole("link", { name: "Meetings" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Groups" })).not.toHaveAttribute("aria-current", "page");
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  // A search result's link navigates the same way.
  await page.goto("/search?q=evenings");
  await page.waitForFunction(() => "__remixRouter" in window);
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await page.locator(".thread-list a").first().click();
  await expect(page.locator("#post-0 .prose")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});

test("a form sent by the page's script that the server refuses shows the server's message, not the error page", async ({ page }) => {
  await page.goto("/login");
  await page.waitForFunction(() => "__remixRouter" in window);
  await page.getByLabel("E-mail address").fill("someone@example.org");
  // Over the server's 2 MB limit for a form: refused before any route reads it (app/utils/request-guards.server.ts).
  await page.getByLabel("Password").evaluate((input: HTMLInputElement) => (input.value = "x".repeat(2_200_000)));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("That was too much to send");
  await expect(page.getByText("The form was larger than")).toContainText("Please shorten it and try again.");
});
