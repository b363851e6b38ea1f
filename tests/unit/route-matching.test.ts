/**
 * Harbor patches Remix so that a page doesn't rebuild and re-rank the whole route tree
 * (and every route's regular expression) several times per request, nor build two new Requests
 * for every loader: see app/patches and docs/decisions/0006-patches-to-remix.md. These tests load the
 * same CommonJS files the production server loads and check that the patches are installed and
 * that matching, and the requests loaders get, still answer correctly.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
type Route = { id?: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: Route[] };
type Router = {
  matchRoutes: (routes: Route[], location: string) => { route: Route; params: Record<string, string | undefined> }[] | null;
  matchPath: (pattern: { path: string; caseSensitive?: boolean; end?: boolean }, pathname: string) => { params: Record<string, string | undefined> } | null;
};
const router = require("@remix-run/router") as Router;

describe("the route-matching patches", () => {
  it("are installed in the files the server runs (npm install applies app/patches)", () => {
    for (const file of [
      require.resolve("@remix-run/router"),
      require.resolve("react-router-dom/server"),
      require.resolve("@remix-run/react").replace(/index\.js$/, "routes.js"),
    ]) {
      expect(fs.readFileSync(file, "utf8"), file).toContain("Harbor patch");
    }
    expect(fs.readFileSync(require.resolve("@remix-run/router"), "utf8")).toContain("matchesByPathCache");
  });

  it("match each route tree on its own, however often it is asked", () => {
    const boards: Route[] = [{ id: "root", path: "/", children: [{ id: "board", path: "groups/:slug" }, { id: "home", index: true }] }];
    const meetings: Route[] = [{ id: "root", path: "/", children: [{ id: "meeting", path: "meetings/:slug" }] }];
    for (let i = 0; i < 3; i++) {
      expect(router.matchRoutes(boards, "/groups/alumni")?.map((m) => m.route.id)).toEqual(["root", "board"]);
      expect(router.matchRoutes(boards, "/groups/alumni")?.at(-1)?.params.slug).toBe("alumni");
      expect(router.matchRoutes(boards, "/")?.map((m) => m.route.id)).toEqual(["root", "home"]);
      expect(router.matchRoutes(meetings, "/groups/alumni")).toBeNull();
      expect(router.matchRoutes(meetings, "/meetings/monday-night")?.at(-1)?.params.slug).toBe("monday-night");
    }
  });

  it("remember a path's matches, and hand each caller its own copy", () => {
    const routes: Route[] = [
      { id: "root", path: "/", children: [{ id: "thread", path: "groups/:slug/threads/:threadId" }, { id: "search", path: "search" }, { id: "home", index: true }] },
    ];
    const first = router.matchRoutes(routes, "/groups/alumni/threads/7")!;
    const again = router.matchRoutes(routes, "/groups/alumni/threads/7")!;
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    // As the router makes them: one params object shared by the branch's matches.
    expect(again[0]!.params).toBe(again[1]!.params);
    expect(again[0]!.params).not.toBe(first[0]!.params);
    // A caller that changes its copy changes nobody else's.
    again[1]!.params.slug = "changed";
    first[1]!.params.slug = "changed too";
    expect(router.matchRoutes(routes, "/groups/alumni/threads/7")![1]!.params).toEqual({ slug: "alumni", threadId: "7" });
    expect(router.matchRoutes(routes, "/groups/family/threads/8")![1]!.params).toEqual({ slug: "family", threadId: "8" });
    for (let i = 0; i < 2; i++) {
      expect(router.matchRoutes(routes, "/search")?.map((m) => m.route.id)).toEqual(["root", "search"]);
      expect(router.matchRoutes(routes, "/nowhere")).toBeNull();
    }
  });

  it("still answer right after more paths than they remember", () => {
    const routes: Route[] = [{ id: "root", path: "/", children: [{ id: "thread", path: "threads/:threadId" }] }];
    for (let i = 0; i < 2500; i++) expect(router.matchRoutes(routes, `/threads/${i}`)![1]!.params.threadId).toBe(String(i));
    expect(router.matchRoutes(routes, "/threads/3")![1]!.params.threadId).toBe("3");
  });

  it("keep a path's case-sensitive and prefix forms apart", () => {
    expect(router.matchPath({ path: "/groups", end: false }, "/groups/alumni")).not.toBeNull();
    expect(router.matchPath({ path: "/groups", end: true }, "/groups/alumni")).toBeNull();
    expect(router.matchPath({ path: "/groups", caseSensitive: false }, "/Groups")).not.toBeNull();
    expect(router.matchPath({ path: "/groups", caseSensitive: true }, "/Groups")).toBeNull();
    expect(router.matchPath({ path: "/groups/:slug", end: true }, "/groups/family")?.params.slug).toBe("family");
  });
});

describe("the loader-request patch (@remix-run/server-runtime)", () => {
  type Loader = (args: { request: Request }) => unknown;
  const data = require(require.resolve("@remix-run/server-runtime").replace(/index\.js$/, "data.js")) as {
    callRouteLoader: (args: { loadContext: unknown; loader: Loader; params: Record<string, string>; request: Request; routeId: string; singleFetch: boolean }) => Promise<unknown>;
  };
  async function seenBy(request: Request, singleFetch = true): Promise<Request> {
    let seen: Request | undefined;
    await data.callRouteLoader({ loadContext: {}, params: {}, routeId: "r", singleFetch, request, loader: ({ request: r }) => ((seen = r), null) });
    return seen!;
  }

  it("is installed in the file the server runs", () => {
    expect(fs.readFileSync(require.resolve("@remix-run/server-runtime").replace(/index\.js$/, "data.js"), "utf8")).toContain("Harbor patch");
  });

  it("hands a loader the request itself when there is nothing to strip", async () => {
    const request = new Request("http://localhost/groups/alumni/threads/7?page=2", { headers: { Cookie: "a=b" } });
    expect(await seenBy(request)).toBe(request);
    expect(await seenBy(request, false)).toBe(request);
  });

  it("still strips Remix's own parameters, and keeps the rest", async () => {
    expect((await seenBy(new Request("http://localhost/groups?index&q=calm"))).url).toBe("http://localhost/groups?q=calm");
    expect((await seenBy(new Request("http://localhost/groups?index=keep"))).url).toBe("http://localhost/groups?index=keep");
    expect((await seenBy(new Request("http://localhost/groups?_routes=root&page=3"))).url).toBe("http://localhost/groups?page=3");
    expect((await seenBy(new Request("http://localhost/groups?_data=root&page=3"), false)).url).toBe("http://localhost/groups?page=3");
    const withCookie = await seenBy(new Request("http://localhost/search?index&q=x", { headers: { Cookie: "s=1" } }));
    expect(withCookie.headers.get("Cookie")).toBe("s=1");
  });
});
