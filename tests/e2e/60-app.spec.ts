// Harbor as an installable app (docs/app-and-offline.md): the manifest, the icons, favicon.ico and
// robots.txt, and Chromium's own verdict that the site can be installed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CHROMIUM_ARGS, findChromium } from "./browser";
import { ADMIN, expect, ORIGIN, signIn, test } from "./fixtures";

test("the manifest names the site, opens standalone at home and has real icons", async ({ request }) => {
  const response = await request.get("/manifest.webmanifest");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/manifest+json");
  const manifest = (await response.json()) as { name: string; short_name: string; start_url: string; display: string; icons: { src: string; sizes: string; purpose: string }[] };
  expect(manifest).toMatchObject({ name: "Harbor", short_name: "Harbor", start_url: "/", display: "standalone" });
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(["192x192 any", "512x512 any", "192x192 maskable", "512x512 maskable"]);
  for (const icon of manifest.icons) {
    const file = await request.get(icon.src);
    expect(file.status(), icon.src).toBe(200);
    expect(file.headers()["content-type"]).toBe("image/png");
    const png = await file.body();
    // The PNG header's width and height are the size the manifest promises.
    const [w, h] = icon.sizes.split("x").map(Number);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)], icon.src).toEqual([w, h]);
  }
});

test("favicon.ico and robots.txt are real files", async ({ request }) => {
  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  const ico = await favicon.body();
  expect([ico.readUInt16LE(2), ico.readUInt16LE(4)], "an ICO file with three images").toEqual([1, 3]);
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  const text = await robots.text();
  expect(text).toContain("User-agent: *");
  expect(text).toContain("Disallow: /recovery");
});

test("Chromium finds nothing stopping an install, signed in or not", async ({ playwright }) => {
  // A normal profile on disk: Playwright's own contexts are incognito, where nothing installs.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-install-"));
  const context = await playwright.chromium.launchPersistentContext(profile, { executablePath: findChromium(), args: CHROMIUM_ARGS, baseURL: ORIGIN });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    for (const who of ["visitor", "member"] as const) {
      if (who === "member") await signIn(page, ADMIN.email, ADMIN.password);
      await page.goto("/");
      const cdp = await context.newCDPSession(page);
      // The browser fetches and checks the manifest itself, as its install prompt does.
      const manifest = (await cdp.send("Page.getAppManifest")) as { errors: unknown[]; url: string };
      expect(manifest.url, `${who}: the page's manifest`).toBe(`${ORIGIN}/manifest.webmanifest`);
      expect(manifest.errors, `${who}: manifest errors`).toEqual([]);
      const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as { installabilityErrors: unknown[] };
      expect(installabilityErrors, `${who}: installability errors`).toEqual([]);
      await cdp.detach();
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
