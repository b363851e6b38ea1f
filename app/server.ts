/**
 * Harbor's HTTP server: Express in front of the Remix build.
 * - runs pending database migrations before it listens;
 * - sets the security headers (with a per-response CSP nonce) on every response;
 * - refuses state-changing requests that do not come from Harbor's own origin;
 * - hands loaders the client's address (TRUST_PROXY decides whether X-Forwarded-For counts).
 * Run with `npm start` (production build) or `npm run dev`.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, installGlobals, type ServerBuild } from "@remix-run/node";
import { migrateToLatest } from "../db/migrator";
import { dropPlannerValueSamples } from "../db/planner-statistics";
import { getDbHandle } from "./utils/db.server";
import { getConfig } from "./utils/env.server";
import { now, resetClock, setClock, testClockEnabled } from "./utils/clock.server";
import { queryCountEnabled, withRequestContext } from "./utils/request-context.server";
import { cspNonce, isAllowedOrigin, securityHeaders } from "./utils/http-security.server";
import type { AppLoadContext } from "@remix-run/node";
import "./load-context";
import { getMailConfig } from "./models/mail/config.server";
import { defaultSiteConfig, getSiteConfig } from "./models/site-config.server";
import { escapeHtml } from "./utils/html.server";
import { announceSetupCode } from "./models/first-run.server";
import { dataKeys } from "./utils/private-text.server";
import { createExpressHttpServer } from "./utils/express-http-server.server";
import { startMailWorker, type MailWorker } from "./models/mail/worker.server";
import "./models/scheduled-mail.server";
import "./models/scheduled-upkeep.server";

installGlobals({ nativeFetch: true });

const MODE = process.env.NODE_ENV === "development" ? "development" : "production";
const BUILD_PATH = path.resolve("build/index.js");
const PORT = Number(process.env.PORT || 3000);
const HOST = process.env.HOST || "0.0.0.0";
const MAX_BODY_BYTES = 2 * 1024 * 1024;

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value) return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // "loopback", "10.0.0.0/8", …
}

async function importBuild(): Promise<ServerBuild> {
  if (!fs.existsSync(BUILD_PATH)) {
    throw new Error(`No build at ${BUILD_PATH}. Run "npm run build" first (npm start does it for you).`);
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
    .then((config) => config.siteName, () => defaultSiteConfig().siteName)
    .then((site) => {
      const name = escapeHtml(site);
      if (res.headersSent) return;
      res.status(status).type("html").send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title} · ${name}</title></head><body><main><h1>${title}</h1><p>${message.replaceAll("{site}", name)}</p><p><a href="/">Back to ${name}</a> · <a href="/help">Need help now?</a></p></main></body></html>`,
      );
    })
    .catch((error: unknown) => console.error(error)); // a failed send must not become an unhandled rejection
}

// The data key first: on PostgreSQL every server must share HARBOR_DATA_KEYS (see private-text.server.ts).
try {
  dataKeys();
} catch (error) {
  console.error(`Harbor cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const handle = getDbHandle();
await migrateToLatest(handle.db);
await dropPlannerValueSamples(handle.db);
// A site without an admin: print the one-time code for /setup (see app/models/first-run.server.ts).
await announceSetupCode(handle.db);

let build = await importBuild();
const config = getConfig();

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", parseTrustProxy(process.env.TRUST_PROXY));
app.use(compression());

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
  sendSimplePage(res, 403, "That request was refused", "It did not come from a page on this site, so nothing was changed. If you were filling in a form here, go back, reload the page and try again.");
});

app.use((req, res, next) => {
  const length = Number(req.get("content-length") || 0);
  if (length > MAX_BODY_BYTES) {
    sendSimplePage(res, 413, "That was too much to send", "The form was larger than {site} accepts. Please shorten it and try again.");
    return;
  }
  next();
});

app.use((req, res, next) => {
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    if (req.path.startsWith("/build/")) return;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // Paths only: query strings and bodies can carry personal data and are never logged.
    console.log(`${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)}ms`);
  });
  next();
});

// Test-only: browser tests move the server's clock (see app/utils/clock.server.ts).
if (testClockEnabled()) {
  console.warn("HARBOR_TEST_CLOCK=1: POST /__test/clock can move this server's clock. Never set it on a real site.");
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
}

function loadContext(req: Request, res: Response): AppLoadContext {
  return {
    clientIp: req.ip ?? req.socket.remoteAddress ?? "",
    cspNonce: String(res.locals.cspNonce),
    documentRequest: req.method === "GET" && !req.path.endsWith(".data"),
    serverHtml: new Map(),
    sessions: new Map(),
  };
}

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
  console.error(error);
  if (res.headersSent) return;
  sendSimplePage(res, 500, "Something went wrong", "{site} hit a problem it didn't expect. Nothing you did caused it. Please try again in a moment.");
});

// E-mail goes out from this process unless HARBOR_MAIL_WORKER=off (then `npm run mail:worker` sends).
const mailConfig = getMailConfig();
const mailWorker: MailWorker | null = mailConfig.inProcessWorker ? startMailWorker(handle.db, { config: mailConfig }) : null;
if (mailWorker) console.log(`Mail: ${mailConfig.smtp ? `SMTP ${mailConfig.smtp.host}:${mailConfig.smtp.port}` : `no SMTP_HOST, so e-mails are written to ${path.resolve(mailConfig.mailDir)}`}`);

// Not app.listen: requests are built on Express's prototypes from the start (see the module).
const server = createExpressHttpServer(app).listen(PORT, HOST, () => {
  console.log(`Harbor is listening on http://localhost:${PORT} (${MODE}, ${handle.dialect}: ${handle.description})`);
  if (MODE === "development") broadcastDevReady(build);
});

function shutdown(signal: string) {
  console.log(`${signal}: closing Harbor…`);
  server.close(() => {
    (mailWorker ? mailWorker.stop() : Promise.resolve()).finally(() => handle.db.destroy().finally(() => process.exit(0)));
  });
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
