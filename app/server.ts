/**
 * Harbor's HTTP server: Express in front of the Remix build.
 * - runs pending database migrations before it listens;
 * - sets the security headers (with a per-response CSP nonce) on every response;
 * - refuses state-changing requests that do not come from Harbor's own origin;
 * - hands loaders the client's address (TRUST_PROXY decides whether X-Forwarded-For counts).
 * Configuration comes from app/utils/env.server.ts (one schema); the log is JSON lines through
 * pino (app/utils/logger.server.ts), one per request with its route pattern, never its path.
 * `npm run build` compiles this file to build/server.js; `npm start` runs that with plain node.
 * `npm run dev` runs it with tsx next to `remix dev`.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { broadcastDevReady, installGlobals, type ServerBuild } from "@remix-run/node";
import { ConfigError, getConfig, harborEnv } from "./utils/env.server";
import { errorFields, logger } from "./utils/logger.server";
import { requestLog, routePatterns } from "./utils/request-log.server";
import { buildProblem, renderProbe, startupWarnings } from "./utils/startup.server";
import { checkHealth } from "./models/health.server";
import { migrateToLatest } from "../db/migrator";
import { sealTrackerNames } from "./models/recovery-keys.server";
import { dropPlannerValueSamples } from "../db/planner-statistics";
import { getDbHandle } from "./utils/db.server";
import { now, requestClock, resetClock, setClock, TEST_CLOCK_COOKIE, testClockEnabled } from "./utils/clock.server";
import { queryCountEnabled, withRequestContext } from "./utils/request-context.server";
import { cspNonce, isAllowedOrigin, securityHeaders } from "./utils/http-security.server";
import type { AppLoadContext } from "@remix-run/node";
import "./load-context";
import { getMailConfig } from "./models/mail/config.server";
import { defaultSiteConfig, getSiteConfig } from "./models/site-config.server";
import { escapeHtml } from "./utils/html.server";
import { announceSetupCode } from "./models/first-run.server";
import { installStarterLibrary } from "./models/guides/starter.server";
import { dataKeys } from "./utils/private-text.server";
import { createExpressHttpServer } from "./utils/express-http-server.server";
import { createRequestHandler } from "./utils/remix-handler.server";
import { bodyMiddleware, postRateMiddleware, signInGateMiddleware, type RequestWithBody } from "./utils/request-guards.server";
import { startMailWorker, type MailWorker } from "./models/mail/worker.server";
import { vapidKeys } from "./models/push/keys.server";
import { sendDigests, sendMeetingReminders } from "./models/scheduled-mail.server";
import { checkSilences } from "./models/circle/check-on.server";
import "./models/scheduled-upkeep.server";

installGlobals({ nativeFetch: true });

/** Stops the server before it listens: a plain sentence on stderr, exit code 1. */
function refuseToStart(message: string): never {
  process.stderr.write(`Harbor cannot start. ${message}\n`);
  process.exit(1);
}

try {
  harborEnv();
} catch (error) {
  if (error instanceof ConfigError) refuseToStart(error.message);
  throw error;
}
const config = getConfig();
const MODE = config.mode;
const BUILD_PATH = path.resolve("build/index.js");
const PORT = config.port;
const HOST = config.host;

async function importBuild(): Promise<ServerBuild> {
  if (!fs.existsSync(BUILD_PATH)) {
    refuseToStart(`No build at ${BUILD_PATH}. Run "npm run build" first.`);
  }
  const stamp = fs.statSync(BUILD_PATH).mtimeMs;
  return (await import(`${pathToFileURL(BUILD_PATH).href}?t=${stamp}`)) as ServerBuild;
}

/**
 * A page written here, outside Remix (a refused or oversized request, an unexpected error), under
 * the site's own name ("{site}" in the message). Sent even if the name cannot be read.
 */
function sendSimplePage(res: Response, status: number, title: string, message: string): void {
  getSiteConfig(handle.db)
    .then(
      (config) => config.siteName,
      () => defaultSiteConfig().siteName,
    )
    .then((site) => {
      const name = escapeHtml(site);
      if (res.headersSent) return;
      res
        .status(status)
        .type("html")
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · ${name}</title></head><body><main><h1>${title}</h1><p>${message.replaceAll("{site}", name)}</p><p><a href="/">Back to ${name}</a> · <a href="/help">Need help now?</a></p></main></body></html>`,
        );
    })
    .catch((error: unknown) => logger.error(errorFields(error), "sending a page failed")); // a failed send must not become an unhandled rejection
}

// The data key first: on PostgreSQL every server must share HARBOR_DATA_KEYS (see private-text.server.ts).
try {
  dataKeys();
} catch (error) {
  refuseToStart(error instanceof Error ? error.message : String(error));
}

const handle = getDbHandle();
await migrateToLatest(handle.db);
// Tracker names from before they were sealed: sealed with the data key now (a no-op once done).
await sealTrackerNames(handle.db);
await dropPlannerValueSamples(handle.db);
// The starter library of guides: a fresh install has it before its first page (a no-op once there).
await installStarterLibrary(handle.db);
// Push notifications' key pair: from the environment, or made once and kept (app/models/push/keys.server.ts).
await vapidKeys(handle.db).catch((error: unknown) => refuseToStart(error instanceof Error ? error.message : String(error)));
// A site without an admin: print the one-time code for /setup (see app/models/first-run.server.ts).
await announceSetupCode(handle.db, (lines) => logger.warn(lines.trim().replace(/\s*\n\s*/g, " ")));

let build = await importBuild();
const wrongBuild = buildProblem(build, MODE);
if (wrongBuild) refuseToStart(wrongBuild);

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", config.trustProxy);
app.use(compression());
// One JSON line per request, by route pattern (paths can hold secret tokens: never logged).
app.use(requestLog(routePatterns(build.routes), { trustRequestId: config.trustProxy !== false }));

app.use((req, res, next) => {
  const nonce = cspNonce();
  res.locals.cspNonce = nonce;
  const headers = securityHeaders(nonce, { https: req.secure, dev: MODE === "development" });
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  next();
});

// With HARBOR_QUERY_COUNT=1 (the benchmark's probes) each request counts its own SQL queries.
if (queryCountEnabled()) app.use((_req, _res, next) => withRequestContext(next));

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// Other files in public/ all have an extension: pages (which never do) skip the disk lookup.
const publicFiles = express.static("public", { maxAge: "1h" });
app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()));

// Cross-site request refusal for everything that changes state — except the one-click unsubscribe
// POST (RFC 8058) that mail programs send from elsewhere; its link is signed and only turns e-mail off.
app.use((req, res, next) => {
  if (req.method === "POST" && req.path === "/unsubscribe") {
    delete req.headers.origin; // Remix refuses actions whose Origin is another host.
    return next();
  }
  const expectedOrigin = config.publicOrigin ?? `${req.protocol}://${req.get("host")}`;
  if (isAllowedOrigin({ method: req.method, header: (name) => req.get(name), expectedOrigin })) return next();
  sendSimplePage(
    res,
    403,
    "That request was refused",
    "It did not come from a page on this site, so nothing was changed. If you were filling in a form here, go back, reload the page and try again.",
  );
});

// Test-only: browser tests move the server's clock (see app/utils/clock.server.ts).
if (testClockEnabled()) {
  app.post("/__test/clock", express.json(), (req, res) => {
    const body = (req.body ?? {}) as { now?: unknown; reset?: unknown };
    if (body.reset === true) resetClock();
    else if (typeof body.now === "string" && !Number.isNaN(Date.parse(body.now))) setClock(body.now);
    else {
      res.status(400).json({ error: "Send { now: ISO-8601 } or { reset: true }" });
      return;
    }
    res.json({ now: now().toISOString() });
  });
  // Runs the reminder, digest and support-circle silence jobs as of `now` (without moving anyone's clock), then sends what
  // they queued, so a browser test need not wait for the worker's next round.
  app.post("/__test/scheduled-mail", express.json(), (req, res, next) => {
    const at = new Date(String((req.body as { now?: unknown } | undefined)?.now ?? ""));
    if (Number.isNaN(at.getTime())) {
      res.status(400).json({ error: "Send { now: ISO-8601 }" });
      return;
    }
    (async () => {
      const reminders = await sendMeetingReminders(handle.db, at);
      const digests = await sendDigests(handle.db, at);
      const circleSignals = await checkSilences(handle.db, at);
      await mailWorker?.tick();
      res.json({ reminders, digests, circleSignals });
    })().catch(next);
  });
}

// Every POST counts against its address's rate, before its body is read (see the module).
app.use(postRateMiddleware(sendSimplePage));
// Request bodies: read once here, within each route's limit, and only readable form data gets through (see the module).
app.use(bodyMiddleware(sendSimplePage));
// A throttled sign-in is refused before the password is hashed or a page rendered.
app.use(signInGateMiddleware(sendSimplePage));

// Test-only: a browser test's own clock, from its cookie (see app/utils/clock.server.ts). Set last,
// right before the Remix handler, so no stream callback in between drops the request's context.
if (testClockEnabled()) {
  const cookie = new RegExp(`(?:^|;\\s*)${TEST_CLOCK_COOKIE}=(-?\\d+)(?:;|$)`);
  app.use((req, _res, next) => {
    const offsetMs = cookie.exec(req.headers.cookie ?? "")?.[1];
    if (offsetMs === undefined) return next();
    requestClock(Number(offsetMs), next);
  });
}

function loadContext(req: Request, res: Response): AppLoadContext {
  return {
    bodyTooLarge: (req as RequestWithBody).harborBodyTooLarge === true,
    refusal: (req as RequestWithBody).harborRefusal,
    clientIp: req.ip ?? req.socket.remoteAddress ?? "",
    cspNonce: String(res.locals.cspNonce),
    sessions: new Map(),
  };
}

// For load balancers, Docker and uptime checks: 200 when the database answers and a page renders.
const renderCheck = renderProbe(build, MODE, () => ({ clientIp: "127.0.0.1", cspNonce: "healthz", documentRequest: true, serverHtml: new Map(), sessions: new Map() }));
app.get("/healthz", (_req, res, next) => {
  checkHealth(handle.db, renderCheck)
    .then((health) =>
      res
        .status(health.status === "ok" ? 200 : 503)
        .set("Cache-Control", "no-store")
        .json(health),
    )
    .catch(next);
});

if (MODE === "development") {
  // Pick up each rebuild from `remix dev` without restarting the server.
  let stamp = fs.statSync(BUILD_PATH).mtimeMs;
  app.all("*", async (req, res, next) => {
    try {
      const now = fs.statSync(BUILD_PATH).mtimeMs;
      if (now !== stamp) {
        stamp = now;
        build = await importBuild();
        broadcastDevReady(build);
      }
      return createRequestHandler({ build, mode: MODE, getLoadContext: loadContext })(req, res, next);
    } catch (error) {
      next(error);
    }
  });
} else {
  app.all("*", createRequestHandler({ build, mode: MODE, getLoadContext: loadContext }));
}

// Last resort: never a stack trace to the person.
app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
  logger.error({ reqId: res.locals.requestId, ...errorFields(error) }, "request failed");
  if (res.headersSent) return;
  sendSimplePage(res, 500, "Something went wrong", "{site} hit a problem it didn't expect. Nothing you did caused it. Please try again in a moment.");
});

// E-mail goes out from this process unless HARBOR_MAIL_WORKER=off (then `npm run mail:worker` sends).
const mailConfig = getMailConfig();
const mailWorker: MailWorker | null = mailConfig.inProcessWorker ? startMailWorker(handle.db, { config: mailConfig }) : null;
if (mailWorker)
  logger.info(mailConfig.smtp ? `Mail: SMTP ${mailConfig.smtp.host}:${mailConfig.smtp.port}` : `Mail: no SMTP_HOST, so e-mails are written to ${path.resolve(mailConfig.mailDir)}`);
for (const warning of startupWarnings(harborEnv(), { dialect: handle.dialect, mailDir: path.resolve(mailConfig.mailDir) })) logger.warn(warning);

// Not app.listen: requests are built on Express's prototypes from the start (see the module).
const server = createExpressHttpServer(app).listen(PORT, HOST, () => {
  logger.info(`Harbor is listening on http://localhost:${PORT} (${MODE}, ${handle.dialect}: ${handle.description})`);
  if (MODE === "development") broadcastDevReady(build);
});

function shutdown(signal: string) {
  logger.info(`${signal}: closing Harbor…`);
  server.close(() => {
    (mailWorker ? mailWorker.stop() : Promise.resolve()).finally(() => handle.db.destroy().finally(() => process.exit(0)));
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
