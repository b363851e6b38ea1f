/**
 * Harbor patches Remix's router so that a page doesn't rebuild and re-rank the whole route tree
 * (and every route's regular expression) several times per request: see app/patches and the
 * README's "Design decisions". These tests load the same CommonJS files the production server
 * loads and check that the patches are installed and that matching still answers correctly.
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

  it("keep a path's case-sensitive and prefix forms apart", () => {
    expect(router.matchPath({ path: "/groups", end: false }, "/groups/alumni")).not.toBeNull();
    expect(router.matchPath({ path: "/groups", end: true }, "/groups/alumni")).toBeNull();
    expect(router.matchPath({ path: "/groups", caseSensitive: false }, "/Groups")).not.toBeNull();
    expect(router.matchPath({ path: "/groups", caseSensitive: true }, "/Groups")).toBeNull();
    expect(router.matchPath({ path: "/groups/:slug", end: true }, "/groups/family")?.params.slug).toBe("family");
  });
});
