/**
 * Harbor's service worker (docs/app-and-offline.md; docs/decisions/0019-service-worker-and-push.md).
 * `npm run build` compiles this file to public/sw.js, with HARBOR_VERSION set to a hash of the build.
 *
 * What it keeps, and nothing more:
 * - the shell cache (one per build): the crisis page and the offline page as a signed-out visitor
 *   sees them (fetched without cookies, so no member's data is in them), the scripts and styles
 *   they use, and the icons. Pages are always fetched from the network first; these copies are
 *   only shown when the network is not there.
 * - the plan cache, only when the member turned on "keep my plan on this device" (the plan page's
 *   JavaScript sends "keep-plan"): the printable plan page. Turning it off, signing out here, or a
 *   check that finds the member signed out (or someone else signed in) removes it.
 * Every other page, and every data request, goes to the network and is never stored.
 *
 * Push: a "push" message shows a notification with the payload's title and body (always general:
 * "You have a new reply on Harbor"); a tap opens its page.
 */
/* global HARBOR_VERSION */
const VERSION = typeof HARBOR_VERSION === "string" ? HARBOR_VERSION : "dev";
const SHELL_CACHE = `harbor-shell-${VERSION}`;
const PLAN_CACHE = "harbor-plan";
const CRISIS_PAGE = "/help";
const OFFLINE_PAGE = "/offline";
const PLAN_PAGE = "/recovery/plan/print";
/** Where the plan cache notes whose plan it is (a key in that cache, never a real address). */
const PLAN_OWNER = "/__harbor/plan-owner";
const STATIC_FILES = ["/favicon.ico", "/favicon.svg", "/icons/icon-192.png", "/icons/maskable-192.png", "/manifest.webmanifest"];
/** How often, at most, a kept plan is checked against who is signed in (and refreshed), and the crisis copy refreshed. */
const PLAN_CHECK_MS = 10 * 60 * 1000;
let lastPlanCheck = 0;
let lastShellRefresh = Date.now();

/** The /build/… files (scripts, styles) a page's HTML uses, so it renders offline as it does online. */
function assetsOf(html) {
  const found = new Set();
  for (const match of html.matchAll(/["'](\/build\/[^"'\s?#]+)["']/g)) found.add(match[1]);
  return [...found];
}

/**
 * Fetches a page and its assets into a cache. Resolves true when the page was stored, false when
 * the server would not give it (an error status, or a redirect: signed out); rejects when the
 * network is not there (then nothing changes).
 */
async function storePage(cache, path, init) {
  const response = await fetch(path, { cache: "no-store", redirect: "manual", ...init });
  if (!response.ok || response.type === "opaqueredirect") return false;
  const html = await response.clone().text();
  await cache.put(path, response);
  await Promise.all(
    assetsOf(html).map(async (asset) => {
      if (await cache.match(asset)) return;
      const file = await fetch(asset, { credentials: "omit" });
      if (file.ok) await cache.put(asset, file);
    }),
  );
  return true;
}

/** The crisis page's data, for "Need help now?" followed from a page already open (a client-side navigation). */
async function storeCrisisData(cache) {
  const response = await fetch(`${CRISIS_PAGE}.data`, { credentials: "omit", cache: "no-store" });
  if (response.ok) await cache.put(`${CRISIS_PAGE}.data`, response);
}

/** The crisis page as anyone sees it (no cookies: nothing of a member's in it), and the offline page. */
async function fillShell() {
  const cache = await caches.open(SHELL_CACHE);
  // The crisis page must be kept, or this worker does not install (the browser tries again later).
  if (!(await storePage(cache, CRISIS_PAGE, { credentials: "omit" }))) throw new Error("The crisis page could not be fetched");
  await storeCrisisData(cache);
  await storePage(cache, OFFLINE_PAGE, { credentials: "omit" }).catch(() => false);
  await Promise.all(
    STATIC_FILES.map(async (file) => {
      const response = await fetch(file, { credentials: "omit" });
      if (response.ok) await cache.put(file, response);
    }),
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(fillShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("harbor-shell-") && name !== SHELL_CACHE) await caches.delete(name);
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

// ---- The plan, kept only on request ----

async function keptPlanOwner() {
  const cache = await caches.open(PLAN_CACHE);
  const note = await cache.match(PLAN_OWNER);
  if (!note) return null;
  const { memberId } = await note.json();
  return typeof memberId === "string" ? memberId : null;
}

async function forgetPlan() {
  await caches.delete(PLAN_CACHE);
}

/**
 * Stores (or refreshes) the member's printable plan. The request names the member it is for; the
 * server answers 404 when someone else is signed in, and sends a signed-out browser to sign in:
 * either way nothing is kept.
 */
async function keepPlan(memberId) {
  const cache = await caches.open(PLAN_CACHE);
  let stored;
  try {
    stored = await storePage(cache, PLAN_PAGE, { credentials: "same-origin", headers: { "Harbor-Plan-For": memberId } });
  } catch {
    // No network: a copy kept earlier stays as it is.
    return (await keptPlanOwner()) === memberId;
  }
  if (!stored) {
    await forgetPlan();
    return false;
  }
  await cache.put(PLAN_OWNER, new Response(JSON.stringify({ memberId, savedAt: new Date().toISOString() }), { headers: { "Content-Type": "application/json" } }));
  return true;
}

/** Now and then, while online: the kept plan is refreshed, or removed if its member is no longer signed in here. */
async function checkKeptPlan() {
  if (Date.now() - lastPlanCheck < PLAN_CHECK_MS) return;
  lastPlanCheck = Date.now();
  const owner = await keptPlanOwner();
  if (owner) await keepPlan(owner);
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (message) => event.ports[0] && event.ports[0].postMessage(message);
  if (data.type === "keep-plan" && typeof data.memberId === "string") {
    event.waitUntil(keepPlan(data.memberId).then((kept) => reply({ kept })));
  } else if (data.type === "forget-plan") {
    event.waitUntil(forgetPlan().then(() => reply({ kept: false })));
  } else if (data.type === "plan-status") {
    event.waitUntil(keptPlanOwner().then((owner) => reply({ kept: owner !== null && owner === data.memberId })));
  }
});

// ---- Requests ----

const isSignOut = (url) => url.pathname === "/logout" || url.pathname === "/logout.data";
const isPlanPath = (url) => url.pathname === "/recovery/plan" || url.pathname === PLAN_PAGE;

/**
 * What a page request gets when the network is not there. A kept copy is only ever shown at its
 * own address (the page's scripts expect the address they were made for): the crisis page at
 * /help, the plan at its printable address, and anything else sends the browser to /offline.
 */
async function offlineAnswer(url) {
  if (url.pathname === CRISIS_PAGE) {
    const crisis = await caches.match(CRISIS_PAGE, { cacheName: SHELL_CACHE });
    if (crisis) return crisis;
  }
  if (isPlanPath(url) && (await caches.match(PLAN_PAGE, { cacheName: PLAN_CACHE }))) {
    return url.pathname === PLAN_PAGE ? caches.match(PLAN_PAGE, { cacheName: PLAN_CACHE }) : Response.redirect(PLAN_PAGE, 302);
  }
  const offline = await caches.match(OFFLINE_PAGE, { cacheName: SHELL_CACHE });
  if (offline && url.pathname !== OFFLINE_PAGE) return Response.redirect(OFFLINE_PAGE, 302);
  return (
    offline ||
    new Response("You're offline. If you are in danger, call your local emergency number.", {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    })
  );
}

async function pageRequest(event, url) {
  try {
    const response = (await event.preloadResponse) || (await fetch(event.request));
    event.waitUntil(checkKeptPlan());
    if (url.pathname === CRISIS_PAGE && response.ok && Date.now() - lastShellRefresh > PLAN_CHECK_MS) {
      lastShellRefresh = Date.now();
      // Keep the offline copy of the crisis page as fresh as the admin's last change.
      event.waitUntil(
        caches
          .open(SHELL_CACHE)
          .then((cache) => Promise.all([storePage(cache, CRISIS_PAGE, { credentials: "omit" }), storeCrisisData(cache)]))
          .catch(() => false),
      );
    }
    return response;
  } catch {
    // No network (fetch only fails so): the kept copy, or the offline page.
    return offlineAnswer(url);
  }
}

/** Script and style files: named by their content, so a stored copy is always right. */
async function buildAsset(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  return fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && isSignOut(url)) {
    // Signing out on this device takes the kept plan with it, before the request goes on.
    event.respondWith(forgetPlan().then(() => fetch(request)));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(pageRequest(event, url));
  } else if (url.pathname === `${CRISIS_PAGE}.data`) {
    // "Need help now?" followed from a page already open: its data, from the network or the crisis copy.
    event.respondWith(fetch(request).catch(() => crisisData()));
  } else if (url.pathname.startsWith("/build/")) {
    event.respondWith(buildAsset(request));
  } else if (STATIC_FILES.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname, { cacheName: SHELL_CACHE }).then((r) => r || Response.error())));
  }
});

/** Offline, a click on "Need help now?" loads the crisis page's data: the full page is sent instead, which the browser opens. */
async function crisisData() {
  const stored = await caches.match(`${CRISIS_PAGE}.data`, { cacheName: SHELL_CACHE });
  return stored || Response.error();
}

// ---- Push ----

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = {};
  }
  const title = typeof message.title === "string" ? message.title : "Harbor";
  const body = typeof message.body === "string" ? message.body : "You have something new on Harbor.";
  const url = typeof message.url === "string" && message.url.startsWith("/") ? message.url : "/notifications";
  event.waitUntil(
    self.registration.showNotification(title, {
      body,
      tag: typeof message.tag === "string" ? message.tag : undefined,
      icon: "/icons/icon-192.png",
      badge: "/icons/maskable-192.png",
      data: { url },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || "/notifications", self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of windows) {
        if ("navigate" in client && "focus" in client) {
          await client.focus();
          return client.navigate(url);
        }
      }
      return self.clients.openWindow(url);
    })(),
  );
});
