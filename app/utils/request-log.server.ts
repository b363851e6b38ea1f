/**
 * One log line per request: time, level, method, route pattern (never the path itself, which can
 * hold a secret token: /reset-password/<token>, /calendar/<token>/meetings.ics, /invites/<token>,
 * /verify-email/<token>), status, duration and a request id (also sent as X-Request-Id). Query
 * strings and bodies are never logged. The pattern comes from the Remix build's own route table,
 * matched with React Router's matcher, so a new route needs nothing here.
 */
import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import type { ServerBuild } from "@remix-run/node";
import { logger } from "./logger.server";

type BuildRoutes = ServerBuild["routes"];

function routeTree(routes: BuildRoutes, parentId?: string): AgnosticRouteObject[] {
  return Object.values(routes)
    .filter((route) => route.parentId === parentId)
    .map(
      (route) =>
        ({
          id: route.id,
          path: route.path,
          index: route.index,
          caseSensitive: route.caseSensitive,
          children: route.index ? undefined : routeTree(routes, route.id),
        }) as AgnosticRouteObject,
    );
}

/** How many paths' patterns are remembered: matching costs a page about a twentieth of its CPU. */
const REMEMBERED_PATHS = 1_000;

/**
 * Maps a URL path to the pattern of the route that answers it ("/groups/:slug/threads/:threadId").
 * Remembers the last paths' patterns (forgets them all when full), except a path whose route takes
 * a secret token, or that no route but the catch-all claims (a mistyped link can hold a token):
 * those are matched again each time rather than kept in memory.
 */
export function routePatterns(routes: BuildRoutes): (path: string) => string {
  const tree = routeTree(routes);
  const remembered = new Map<string, string>();
  const patternOf = (path: string) => {
    // Single-fetch data requests: /groups/x.data, /_root.data.
    const page = path === "/_root.data" ? "/" : path.replace(/\.data$/, "");
    const matches = matchRoutes(tree, page);
    if (!matches) return "(no route)";
    const pattern = matches
      .map((m) => m.route.path)
      .filter((p): p is string => Boolean(p))
      .join("/")
      .replace(/\/+/g, "/");
    const full = `/${pattern}`.replace(/\/+/g, "/").replace(/\*$/, "*");
    return page === path ? full : `${full}.data`;
  };
  return (path) => {
    const known = remembered.get(path);
    if (known !== undefined) return known;
    const pattern = patternOf(path);
    if (!/:token|\*/.test(pattern)) {
      if (remembered.size >= REMEMBERED_PATHS) remembered.clear();
      remembered.set(path, pattern);
    }
    return pattern;
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Express middleware writing the line when the response is finished. `patternOf` names the route;
 * `trustRequestId`: take a proxy's X-Request-Id (only behind a trusted proxy).
 */
export function requestLog(patternOf: (path: string) => string, options: { trustRequestId: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const incoming = options.trustRequestId ? req.get("x-request-id") : undefined;
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader("X-Request-Id", id);
    res.locals.requestId = id;
    res.on("finish", () => {
      if (req.path.startsWith("/build/")) return;
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      // Express's own routes (/healthz) by their path; everything Remix answers by its pattern.
      const own = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof own === "string" && own !== "*" ? own : patternOf(req.path);
      logger.info({ reqId: id, method: req.method, route, status: res.statusCode, durationMs }, "request");
    });
    next();
  };
}
