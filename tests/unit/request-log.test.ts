/**
 * The request log names a request by its route's pattern (app/utils/request-log.server.ts), the
 * same on the first request for a path and on later ones it remembers, and after it has forgotten
 * what it remembered.
 */
import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { routePatterns } from "~/utils/request-log.server";

const route = (id: string, parentId: string | undefined, path?: string, index?: boolean) => ({ id, parentId, path, index, caseSensitive: undefined, module: {} });
const routes = {
  root: route("root", undefined, ""),
  "routes/_index": route("routes/_index", "root", undefined, true),
  "routes/groups.new": route("routes/groups.new", "root", "groups/new"),
  "routes/groups.$slug._index": route("routes/groups.$slug._index", "root", "groups/:slug", true),
  "routes/groups.$slug.threads.$threadId": route("routes/groups.$slug.threads.$threadId", "root", "groups/:slug/threads/:threadId"),
  "routes/reset-password.$token": route("routes/reset-password.$token", "root", "reset-password/:token"),
  "routes/$": route("routes/$", "root", "*"),
} as unknown as ServerBuild["routes"];

describe("route patterns for the request log", () => {
  it("names each path by its route, again and again, and after forgetting", () => {
    const patternOf = routePatterns(routes);
    const expected: [string, string][] = [
      ["/", "/"],
      ["/_root.data", "/.data"],
      ["/groups/new", "/groups/new"],
      ["/groups/calm", "/groups/:slug"],
      ["/groups/calm/threads/7", "/groups/:slug/threads/:threadId"],
      ["/groups/calm/threads/7.data", "/groups/:slug/threads/:threadId.data"],
      ["/reset-password/secretTok123", "/reset-password/:token"],
      ["/no/such/page", "/*"],
    ];
    for (let round = 0; round < 3; round++) for (const [path, pattern] of expected) expect(patternOf(path), path).toBe(pattern);
    // More paths than it remembers: it forgets and still answers the same.
    for (let n = 0; n < 2_500; n++) expect(patternOf(`/groups/g${n}/threads/${n}`)).toBe("/groups/:slug/threads/:threadId");
    for (const [path, pattern] of expected) expect(patternOf(path), path).toBe(pattern);
  });
});
