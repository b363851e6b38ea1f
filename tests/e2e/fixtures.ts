// Shared helpers for Harbor's browser tests: signing up and in, the accessibility check,
// screenshots at two widths, and a guard that every test only ever talks to Harbor itself.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { linkIn, readMails, waitForNewMail } from "./mail";
import { makeMember, newAccount, ORIGIN, sessionToken, type Account, type Member, type Who } from "./data";

export { DEMO_EMAILS, E2E_DB_FILE, e2eDatabase, joinGroup, makeMember, newAccount, ORIGIN, uniqueSuffix, type Account, type Member } from "./data";

export { expect };

export const DEMO_PASSWORD = "harbor-demo-2026";
export const ADMIN = { email: "admin@harbor.test", password: DEMO_PASSWORD, displayName: "Jordan (admin)" };

/** A user agent unlike the test browser's own, so a second device is easy to tell apart in "Your sessions". */
export const FIREFOX_WINDOWS_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

const SCREENSHOT_DIR = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));
export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 360, height: 780 };

/** The site header (the crisis link and the main navigation live here). */
export function header(page: Page) {
  return page.getByRole("banner");
}

/** Signs up through the form, then finishes through the e-mailed link. Resolves on the welcome page, signed in. */
export async function signUp(page: Page, account: Partial<Account> = {}): Promise<Account> {
  const details = { ...newAccount(), ...account };
  await page.goto("/signup");
  await page.getByLabel("Display name").fill(details.displayName);
  await page.getByLabel("E-mail address").fill(details.email);
  await page.getByLabel("Password", { exact: true }).fill(details.password);
  const seen = readMails(details.email).filter((m) => m.subject === JOIN_SUBJECT).length;
  await page.getByRole("button", { name: "Create my account" }).click();
  await expect(page).toHaveURL(/\/join\/check-email$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Check your e-mail");
  await finishJoining(page, details, { seen });
  return details;
}

const JOIN_SUBJECT = "Finish joining Harbor";

/** Opens the link in the newest "Finish joining" e-mail to this account and enters its password. Resolves on the page after joining, signed in. */
export async function finishJoining(page: Page, details: Account, options: { welcome?: boolean; seen?: number } = {}): Promise<void> {
  const mail = await waitForNewMail(details.email, JOIN_SUBJECT, options.seen ?? 0);
  await page.goto(linkIn(mail, "/join/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Finish joining Harbor");
  await page.getByLabel("Password", { exact: true }).fill(details.password);
  await page.getByRole("button", { name: "Finish joining" }).click();
  if (options.welcome === false) {
    await expect(page).not.toHaveURL(/\/join\//);
    return;
  }
  await expect(page).toHaveURL(/\/\?welcome=1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welcome to Harbor, ${details.displayName}.`);
}

/**
 * On a meeting's page: says "I'm going" to the first date still to start (a date under way offers
 * no RSVP) and waits for the confirmation. Returns that date's start (its `<time datetime>`), and
 * `dateOf` finds its card again.
 */
export async function sayGoingToNextDate(page: Page): Promise<string> {
  const coming = page
    .locator(".occurrence")
    .filter({ has: page.getByRole("button", { name: /I'm going/ }) })
    .first();
  const startIso = (await coming.locator("time").getAttribute("datetime"))!;
  await coming.getByRole("button", { name: /I'm going/ }).click();
  await expect(page.getByRole("status")).toContainText("You're going");
  return startIso;
}

/** A meeting date's card on the meeting's page, by its start. */
export function dateOf(page: Page, startIso: string) {
  return page.locator(".occurrence").filter({ has: page.locator(`time[datetime="${startIso}"]`) });
}

/** Signs in through /login (optionally with ?redirectTo=). Resolves once the page after sign-in has loaded. */
export async function signIn(page: Page, email: string, password: string, options: { redirectTo?: string } = {}): Promise<void> {
  await page.goto(options.redirectTo ? `/login?redirectTo=${encodeURIComponent(options.redirectTo)}` : "/login");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
  // The bell is a member's, in the header's one row at every width (Sign out is in the menu on a phone).
  await expect(header(page).getByRole("link", { name: /^Notifications/ })).toBeVisible();
}

/** On a phone the header's places are in a menu: opens it, if it is there and closed. */
export async function openHeaderMenu(page: Page): Promise<void> {
  const menu = header(page).locator("details.masthead__menu");
  if ((await menu.isVisible()) && !(await menu.evaluate((details: HTMLDetailsElement) => details.open))) await menu.locator("summary").click();
}

/** Signs out with the header's button. Resolves on the signed-out home page. */
export async function signOut(page: Page): Promise<void> {
  await openHeaderMenu(page);
  await header(page).getByRole("button", { name: "Sign out" }).click();
  await expect(header(page).getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page).toHaveURL(`${ORIGIN}/`);
}

/** The signed-in member's id, from the "See your profile as others do" link on /settings/profile. */
export async function ownMemberPath(page: Page): Promise<string> {
  await page.goto("/settings/profile");
  const href = await page.getByRole("link", { name: "See your profile as others do" }).getAttribute("href");
  expect(href).toMatch(/^\/members\/[^/]+$/);
  return href!;
}

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export const COLOR_SCHEMES = ["light", "dark"] as const;

// axe-core itself, put into a page once and run there as often as needed (AxeBuilder injects its
// half-megabyte script again for every run: that was most of the time each check took).
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** axe-core against WCAG 2.0/2.1 A and AA, at the current size. Fails with each violation's id, impact and the elements it found. */
async function axeViolations(page: Page, label: string): Promise<string[]> {
  // The theme and the size were just changed: bring what they set moving (a button's background
  // colour eases over 150 ms) to its end at once, or axe measures the contrast of colours in
  // between. Finished rather than awaited: on a busy machine a transition's clock may not advance
  // while nothing is painted, and waiting for it hung a test for its whole two minutes in CI.
  await page.evaluate(() => {
    for (const a of document.getAnimations()) if (a instanceof CSSTransition) a.finish();
  });
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  // Only the violations are collected in full (resultTypes): passes and the rest are not reported.
  // Harbor's pages have no frames of other origins, so axe runs in the page itself.
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const results = await axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, WCAG_TAGS);
  return violations.map(
    (v) =>
      `- ${label}: ${v.id} (${v.impact ?? "?"}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}  ${n.failureSummary?.split("\n").slice(1, 2).join("") ?? ""}`).join("\n")}`,
  );
}

/**
 * axe in the light and the dark theme (the page follows prefers-color-scheme), at the current size
 * and, with `phone`, at 360 px too. The theme and size are put back afterwards.
 */
export async function expectAccessible(page: Page, label?: string, options: { phone?: boolean } = {}): Promise<void> {
  const name = label ?? page.url();
  const original = page.viewportSize();
  const sizes = options.phone && original && original.width !== PHONE.width ? [original, PHONE] : [original];
  const found: string[] = [];
  try {
    for (const size of sizes) {
      if (size) await page.setViewportSize(size);
      for (const colorScheme of COLOR_SCHEMES) {
        await page.emulateMedia({ colorScheme });
        found.push(...(await axeViolations(page, `${colorScheme}, ${size?.width ?? "?"} px`)));
      }
    }
  } finally {
    await page.emulateMedia({ colorScheme: "light" });
    if (original) await page.setViewportSize(original);
  }
  expect(found, `Accessibility violations on ${name}:\n${found.join("\n")}`).toEqual([]);
}

/**
 * Text drawn in the same colour as its background. axe does not count a 1:1 contrast ratio as a
 * violation (it could be deliberately hidden text) but lists it as "needs review"; for visible
 * text on Harbor's pages it is always a bug. Returns the elements' selectors.
 */
export async function invisibleText(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withRules(["color-contrast"]).setLegacyMode(true).analyze();
  return results.incomplete
    .flatMap((rule) => rule.nodes)
    .filter((node) => [...node.any, ...node.all, ...node.none].some((check) => (check.data as { messageKey?: string } | null)?.messageKey === "equalRatio"))
    .map((node) => node.target.join(" "));
}

/**
 * What makes the page scroll sideways at the current size: the elements whose right edge is the
 * document's scroll width (an element clipped inside its own scrolling box, like a wide table in an
 * overflow-x wrapper, does not count). Empty when nothing sticks out.
 */
async function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return [];
    const describe = (el: Element) => {
      const classes = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      const text = (el.textContent ?? "").trim().slice(0, 30);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${classes}${text ? ` "${text}"` : ""}`;
    };
    const edges = Array.from(document.body.querySelectorAll("*"))
      .map((el) => ({ el, right: el.getBoundingClientRect().right + window.scrollX }))
      .filter(({ right }) => right > width + 1);
    const widest = edges.filter(({ right }) => Math.abs(right - scrollWidth) <= 1);
    const culprits = (widest.length ? widest : edges).slice(0, 8).map(({ el, right }) => `${describe(el)} (right edge ${Math.round(right)}px)`);
    return [`page is ${scrollWidth}px wide in a ${width}px viewport`, ...culprits];
  });
}

/**
 * Content wider than a 360 CSS px phone screen means sideways scrolling (WCAG 1.4.10, Reflow).
 * Returns the elements that stick out, so a failure says where.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  const original = page.viewportSize();
  await page.setViewportSize(PHONE);
  try {
    return await overflowingElements(page);
  } finally {
    if (original) await page.setViewportSize(original);
  }
}

/**
 * Full-page PNGs at desktop and phone width, saved as test-results/screenshots/<name>-desktop.png
 * and -phone.png; the viewport is restored afterwards. Returns what overflows at phone width.
 */
export async function screenshot(page: Page, name: string, options: { measureOverflow?: boolean } = {}): Promise<{ phoneOverflow: string[] }> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  let phoneOverflow: string[] = [];
  try {
    for (const [suffix, size] of [
      ["desktop", DESKTOP],
      ["phone", PHONE],
    ] as const) {
      await page.setViewportSize(size);
      if (suffix === "phone" && options.measureOverflow !== false) phoneOverflow = await overflowingElements(page);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${suffix}.png`), fullPage: true, animations: "disabled", caret: "hide" });
    }
  } finally {
    if (original) await page.setViewportSize(original);
  }
  return { phoneOverflow };
}

/**
 * The check for every page a test visits: axe (WCAG 2.1 A/AA) in the light and dark themes at
 * desktop and phone width, no sideways scrolling at phone width (WCAG 1.4.10), and screenshots.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await base.step(`axe: ${name}`, () => expectAccessible(page, name, { phone: true }));
  const { phoneOverflow } = await base.step(`screenshots: ${name}`, () => screenshot(page, name));
  expect(phoneOverflow, `${name} scrolls sideways at ${PHONE.width}px`).toEqual([]);
}

/**
 * checkPage for a page in a context with JavaScript turned off, where axe (a script) cannot run:
 * the page's HTML as the browser has it now, scripts removed, is served at the same origin
 * (so its stylesheet applies) in a scripted context, and checked there. Screenshots are of the
 * real page.
 */
export async function checkPageWithoutJs(page: Page, name: string): Promise<void> {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  const browser = page.context().browser();
  if (!browser) throw new Error("checkPageWithoutJs needs a launched browser");
  const context = await browser.newContext({ baseURL: ORIGIN, javaScriptEnabled: true });
  try {
    const copy = await context.newPage();
    await copy.route(`${ORIGIN}/__e2e-snapshot`, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
    await copy.goto("/__e2e-snapshot");
    await base.step(`axe (no JS): ${name}`, () => expectAccessible(copy, `${name} (without JavaScript)`, { phone: true }));
    await base.step(`reflow (no JS): ${name}`, async () => {
      expect(await horizontalOverflow(copy), `${name} scrolls sideways at ${PHONE.width}px`).toEqual([]);
    });
  } finally {
    await context.close();
  }
  // Measuring needs a script in the page, which this context doesn't run; the copy was measured above.
  await base.step(`screenshots: ${name}`, () => screenshot(page, name, { measureOverflow: false }));
}

/** Requests to anything but Harbor itself, and browser-side errors (CSP refusals, uncaught exceptions). */
export interface Watcher {
  foreignRequests: string[];
  problems: string[];
}

/** Watches every page of a context: which origins it talks to, and what goes wrong in the console. */
export function watchContext(context: BrowserContext, watcher: Watcher = { foreignRequests: [], problems: [] }): Watcher {
  const watchPage = (page: Page) => {
    page.on("request", (request) => {
      const url = request.url();
      if (!/^(https?|wss?):/.test(url)) return; // data:, blob: and about: never leave the browser
      if (new URL(url).origin !== ORIGIN) watcher.foreignRequests.push(`${request.method()} ${url}`);
    });
    page.on("pageerror", (error) => watcher.problems.push(`uncaught: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() !== "error") return;
      const text = message.text();
      // Refused forms (400), 403 and 404 pages are answered with that status on purpose; the browser logs it.
      if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
      watcher.problems.push(`console: ${text}`);
    });
  };
  context.pages().forEach(watchPage);
  context.on("page", watchPage);
  return watcher;
}

/** A second browser (its own cookies), watched like the test's own. Close it when done. */
export async function newWatchedContext(browser: Browser, watcher: Watcher, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ baseURL: ORIGIN, ...options });
  watchContext(context, watcher);
  const page = await context.newPage();
  return { context, page };
}

/**
 * `test` with an automatic watcher on the test's own context: any request to another origin, CSP
 * refusal or uncaught script error fails the test.
 */
export const test = base.extend<{ watcher: Watcher }>({
  watcher: [
    async ({ context }, use) => {
      const watcher = watchContext(context);
      await use(watcher);
      expect(watcher.foreignRequests, "requests to origins other than Harbor's own").toEqual([]);
      expect(watcher.problems, "errors in the browser console").toEqual([]);
    },
    { auto: true },
  ],
});

// ---- Fast set-up: state made directly in the server's database (tests/e2e/data.ts) ----

/**
 * `test` with fast set-up on top of the watcher:
 * - `freshMember`: a new account, made in the database, signed in in the test's own browser;
 * - `loginAs(who)`: signs this browser in as a demo person ("sam", "admin"…) or a member made
 *   earlier, without the sign-in form (a session made in the database, its cookie set);
 * - `browserAs(who)`: a second browser (its own cookies, watched like the first) signed in as
 *   `who` (or signed out, for `null`); closed after the test;
 * - `serverClock(iso)`: the server's clock for this browser's requests only (a cookie the test
 *   server reads, HARBOR_TEST_CLOCK), so tests running side by side keep their own time;
 *   `serverClock(null)` puts it back;
 * - `scheduledMail(iso)`: runs the reminder and digest jobs as of that instant and sends what they
 *   queue, instead of waiting for the mail worker's next round.
 * The sign-up and sign-in forms themselves are tested on their own (01-journey, 03-no-javascript).
 */
export const fastTest = test.extend<{
  loginAs: (who: Who) => Promise<void>;
  freshMember: Member;
  browserAs: (who: Who | null, options?: BrowserContextOptions) => Promise<Page>;
  serverClock: (iso: string | null) => Promise<void>;
  scheduledMail: (iso: string) => Promise<{ reminders: number; digests: number }>;
}>({
  loginAs: async ({ context }, use) => {
    await use(async (who) => {
      const token = await sessionToken(who);
      await context.clearCookies({ name: "harbor_session" });
      await context.addCookies([{ name: "harbor_session", value: token, url: ORIGIN, httpOnly: true, sameSite: "Lax" }]);
    });
  },
  freshMember: async ({ loginAs }, use) => {
    const member = await makeMember("Member");
    await loginAs(member);
    await use(member);
  },
  browserAs: async ({ browser, watcher }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (who, options = {}) => {
      const { context, page } = await newWatchedContext(browser, watcher, options);
      contexts.push(context);
      if (who !== null) await context.addCookies([{ name: "harbor_session", value: await sessionToken(who), url: ORIGIN, httpOnly: true, sameSite: "Lax" }]);
      return page;
    });
    for (const context of contexts) await context.close();
  },
  serverClock: async ({ context }, use) => {
    await use(async (iso) => {
      if (iso === null) return context.clearCookies({ name: "harbor_test_clock" });
      const at = Date.parse(iso);
      expect(at, `a valid instant: ${iso}`).not.toBeNaN();
      await context.addCookies([{ name: "harbor_test_clock", value: String(at - Date.now()), url: ORIGIN }]);
    });
  },
  scheduledMail: async ({ request }, use) => {
    await use(async (iso) => {
      const res = await request.post(`${ORIGIN}/__test/scheduled-mail`, { data: { now: iso }, headers: { Origin: ORIGIN } });
      expect(res.ok(), "the server's scheduled mail jobs (HARBOR_TEST_CLOCK=1)").toBe(true);
      return (await res.json()) as { reminders: number; digests: number };
    });
  },
});
