// The directory as a visitor with a Chicago browser finds it: their own zone without an account,
// a hybrid meeting under both "Online" and "In person", a meeting 20 minutes in still under
// "Happening now", an online meeting's area with no directions. The server's test clock is set
// 20 minutes into the demo's next "Tuesday Night Hope" (Tuesdays 19:00 Chicago, hybrid).
import { addDays, toLocal, weekdayOf, zonedToUtc } from "../../app/utils/meeting-time";
import { checkPage, expect, fastTest as test } from "./fixtures";

test.use({ timezoneId: "America/Chicago" });

function twentyMinutesIntoNextTuesdayHope(): string {
  const today = toLocal(Date.now(), "America/Chicago").date;
  const tuesday = addDays(today, (2 - weekdayOf(today) + 7) % 7 || 7);
  return new Date(zonedToUtc(tuesday, "19:20", "America/Chicago").getTime()).toISOString();
}

test("a Chicago visitor sees Chicago times, hybrid under both filters, a meeting in progress, an online meeting's area", async ({ page, serverClock }) => {
  await serverClock(twentyMinutesIntoNextTuesdayHope());
  await test.step("the directory follows the browser's zone and says so", async () => {
    await page.goto("/meetings");
    await expect(page.getByText("Times in Chicago time (your browser)")).toBeVisible();
    const now = page.getByRole("region", { name: "Happening now and starting soon" });
    const hope = now.getByRole("listitem").filter({ hasText: "Tuesday Night Hope" });
    await expect(hope).toContainText("7:00 PM – 8:00 PM");
    await expect(hope).toContainText("Started 20 min ago");
    await expect(hope).toContainText("In progress");
    await checkPage(page, "meetings-directory-chicago-visitor");
  });

  await test.step("'Online' and 'In person' both include the hybrid meeting", async () => {
    for (const label of ["Online (and hybrid)", "In person (and hybrid)"]) {
      await page.getByLabel("Attendance").selectOption({ label });
      await page.getByRole("button", { name: "Show meetings" }).click();
      await expect(page.getByLabel("Attendance")).toHaveValue(label.startsWith("Online") ? "online" : "in_person");
      await expect(page.getByRole("link", { name: "Tuesday Night Hope" }).first()).toBeVisible();
    }
    await expect(page.getByRole("link", { name: "Benzo Morning Check-in" })).toHaveCount(0);
  });

  await test.step("an online meeting shows where it is based and offers no directions; a specific place does", async () => {
    await page.goto("/meetings/benzo-morning-check-in");
    await expect(page.getByText("Online · based in Boston, MA, USA")).toBeVisible();
    await expect(page.getByText(/Directions/)).toHaveCount(0);
    await expect(page.getByText(/^Updated /)).toBeVisible();
    await checkPage(page, "meeting-page-online-area");
    await page.goto("/meetings/tuesday-night-hope");
    await expect(page.getByRole("link", { name: "find the address on OpenStreetMap" })).toHaveAttribute("href", /openstreetmap\.org\/search\?query=3300/);
  });

  await test.step("the zone picker: grouped by region, today's names, the browser's zone first", async () => {
    await page.goto("/meetings");
    await page.getByRole("link", { name: "Change" }).click();
    const select = page.getByLabel("Time zone", { exact: true });
    await expect(select.locator("optgroup").first()).toHaveAttribute("label", "Your browser");
    await expect(select.locator("optgroup").first().locator("option")).toHaveAttribute("value", "America/Chicago");
    await expect(select.locator('option[value="Europe/Kyiv"]')).toHaveCount(1);
    await expect(select.locator('option[value="Europe/Kiev"]')).toHaveCount(0);
    await page.getByRole("searchbox", { name: "Find a zone by city, name or offset" }).fill("kolkata");
    await expect(select).toHaveValue("Asia/Kolkata");
    await checkPage(page, "meetings-time-zone-picker");
    await page.getByRole("button", { name: "Show times in this zone" }).click();
    await expect(page.getByText("Times in Kolkata time (your choice)")).toBeVisible();
  });
});
