// What the browser sees of Harbor's defences: cross-site refusal, security headers, the session
// cookie, no third parties; plus the health check and the friendly error pages.
import { ADMIN, checkPage, DEMO_PASSWORD, expect, fastTest as test, header, makeMember, newAccount, ORIGIN, signIn, signUp } from "./fixtures";

test("a form posted from another site is refused", async ({ request }) => {
  const account = newAccount("Csrf");
  const evil = await request.post("/login", {
    headers: { Origin: "https://evil.example" },
    form: { email: ADMIN.email, password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(evil.status()).toBe(403);
  expect(evil.headers()["set-cookie"]).toBeUndefined();
  expect(await evil.text()).toContain("That request was refused");

  const crossSite = await request.post("/signup", {
    headers: { "Sec-Fetch-Site": "cross-site" },
    form: { displayName: account.displayName, email: account.email, password: account.password },
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);

  // The same form from Harbor's own origin gets through to the real check.
  const own = await request.post("/login", {
    headers: { Origin: ORIGIN },
    form: { email: "", password: "" },
    maxRedirects: 0,
  });
  expect(own.status()).toBe(400);
});

test("the refused-request page still offers the crisis page", async ({ request }) => {
  const evil = await request.post("/logout", { headers: { Origin: "https://evil.example" }, maxRedirects: 0 });
  expect(evil.status()).toBe(403);
  expect(await evil.text()).toContain('<a href="/help">Need help now?</a>');
});

test("pages carry strict security headers with a fresh script nonce", async ({ page }) => {
  const first = await page.goto("/");
  expect(first?.status()).toBe(200);
  const headers = first!.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toBeTruthy();
  const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, `no nonce in the CSP: ${csp}`).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["cache-control"], "pages are never cached: a shared computer's back button must not show them").toBe("private, no-store");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-powered-by"]).toBeUndefined();

  // Every inline script of the page carries this response's nonce, so none is blocked.
  const html = await first!.text();
  const inlineScripts = html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [];
  expect(inlineScripts.length).toBeGreaterThan(0);
  for (const tag of inlineScripts) expect(tag).toContain(`nonce="${nonce}"`);

  // And the page really ran (hydrated) under that policy: a client-side navigation works.
  await page.getByRole("main").getByRole("link", { name: "Join Harbor" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Join Harbor");
  await expect(page.locator('input[name="timeZone"]')).not.toHaveValue("");

  const second = await page.goto("/");
  const secondNonce = /'nonce-([^']+)'/.exec(second!.headers()["content-security-policy"] ?? "")?.[1];
  expect(secondNonce).toBeTruthy();
  expect(secondNonce).not.toBe(nonce);
});

test("the session cookie is HttpOnly, SameSite=Lax and site-wide, and goes away on sign-out", async ({ page, context }) => {
  expect(await context.cookies()).toEqual([]);
  // Signed in by joining (a sign-in through the form also sets a device cookie, see 55-lockout).
  await signUp(page);
  // Besides the session, only the browser's time zone (harbor_tz, for meeting times) may be kept.
  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name).filter((name) => name !== "harbor_tz")).toEqual(["harbor_session"]);
  const session = cookies.find((c) => c.name === "harbor_session")!;
  expect(session.httpOnly).toBe(true);
  expect(session.sameSite).toBe("Lax");
  expect(session.path).toBe("/");
  expect(session.domain).toBe("localhost");
  expect(session.expires).toBeGreaterThan(Date.now() / 1000);
  // Not readable from the page's own scripts.
  expect(await page.evaluate(() => document.cookie)).not.toContain("harbor_session");

  await header(page).getByRole("button", { name: "Sign out" }).click();
  await expect(header(page).getByRole("link", { name: "Sign in" })).toBeVisible();
  expect((await context.cookies()).map((c) => c.name).filter((name) => name !== "harbor_tz")).toEqual([]);
});

test("a stolen-looking or made-up session cookie is simply signed out", async ({ page, context }) => {
  await context.addCookies([{ name: "harbor_session", value: "aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb", url: ORIGIN }]);
  await page.goto("/settings/profile");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fsettings%2Fprofile$/);
});

test("sign-in never sends people to another site afterwards", async ({ page }) => {
  await signIn(page, ADMIN.email, ADMIN.password, { redirectTo: "//evil.example/phish" });
  await expect(page).toHaveURL(`${ORIGIN}/`);
});

test("nothing on Harbor's pages is loaded from another origin", async ({ page, watcher, loginAs }) => {
  // The fixture's watcher fails any test that talks to another origin; this walk covers the
  // signed-out pages, a member's pages and the admin's in one place.
  const hosts = new Set<string>();
  page.on("request", (request) => {
    if (/^https?:/.test(request.url())) hosts.add(new URL(request.url()).host);
  });
  for (const path of ["/", "/signup", "/login", "/help", "/nothing-here"]) await page.goto(path);
  await loginAs("admin");
  for (const path of ["/", "/settings/profile", "/settings/sessions", "/admin", "/admin/users", "/admin/crisis"]) await page.goto(path);
  expect([...hosts]).toEqual([new URL(ORIGIN).host]);
  expect(watcher.foreignRequests).toEqual([]);
});

test("/healthz answers 200 with JSON: the database answers and a page renders", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^application\/json/);
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(await response.json()).toEqual({ status: "ok", database: "reachable", app: "renders" });
});

test("an unknown address gets the friendly 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/page?x=1");
  expect(response?.status()).toBe(404);
  await expect(page).toHaveTitle(/Harbor/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
  await expect(page.getByRole("main")).toContainText("It may have moved, or it may be private.");
  await expect(page.getByRole("main").getByRole("link", { name: "Back to Harbor" })).toHaveAttribute("href", "/");
  await expect(page.getByRole("main").getByRole("link", { name: "these people can help, any time" })).toHaveAttribute("href", "/help");
  await expect(header(page).getByRole("link", { name: "Need help now?" })).toBeVisible();
  await checkPage(page, "not-found");

  await page.getByRole("main").getByRole("link", { name: "Back to Harbor" }).click();
  await expect(page).toHaveURL(`${ORIGIN}/`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("A calm harbour for the road after treatment.");
});

test("a member profile that doesn't exist is a 404 too, and profiles are for members only", async ({ page, loginAs }) => {
  const anonymous = await page.goto("/members/nobody-here");
  expect(anonymous?.url()).toBe(`${ORIGIN}/login?redirectTo=%2Fmembers%2Fnobody-here`);
  await loginAs(await makeMember("Curious"));
  const response = await page.goto("/members/nobody-here");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
});
