/**
 * The one patch Harbor carries to Remix: a backport of React Router 7's server-side caching of
 * flattened and ranked route branches (https://github.com/remix-run/react-router/pull/14967) to
 * @remix-run/router 1.23 and @remix-run/server-runtime 2.17 (app/patches, applied by `npm install`;
 * docs/decisions/0017-upstream-route-branches-backport.md). These tests fail if it is not applied to
 * either build (CommonJS, which the server loads, and ESM), and check that matching with the
 * pre-computed branches answers as matching without them does.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
type Route = { id: string; path?: string; index?: boolean; children?: Route[] };
type Match = { route: { id: string }; params: Record<string, string | undefined> };
type Router = {
  matchRoutes: (routes: Route[], location: string) => Match[] | null;
  UNSAFE_matchRoutesImpl?: (routes: Route[], location: string, basename: string, allowPartial: boolean, branches?: unknown[]) => Match[] | null;
  createStaticHandler: (routes: Route[]) => { dataRoutes: Route[]; _internalRouteBranches?: unknown[]; query: (request: Request) => Promise<{ matches: Match[] } | Response> };
};
type RouteMatching = {
  matchServerRoutes: (manifest: Record<string, { id: string }>, dataRoutes: Route[], branches: unknown[], pathname: string, basename?: string) => Match[] | null;
};

const routerMain = require.resolve("@remix-run/router");
const runtimeDir = path.dirname(require.resolve("@remix-run/server-runtime"));
const builds = async () => ({
  commonjs: { router: require("@remix-run/router") as Router, matching: require(path.join(runtimeDir, "routeMatching.js")) as RouteMatching },
  esm: {
    router: (await import(pathToFileURL(path.join(path.dirname(routerMain), "router.js")).href)) as Router,
    matching: (await import(pathToFileURL(path.join(runtimeDir, "esm/routeMatching.js")).href)) as RouteMatching,
  },
});

const routes = (): Route[] => [
  {
    id: "root",
    path: "/",
    children: [
      { id: "home", index: true },
      { id: "board", path: "groups/:slug" },
      { id: "thread", path: "groups/:slug/threads/:threadId" },
      { id: "search", path: "search" },
      { id: "splat", path: "*" },
    ],
  },
];
const PATHS = ["/", "/groups/alumni", "/groups/alumni/threads/7", "/search", "/nowhere/at/all"];
const ids = (matches: Match[] | null) => matches?.map((m) => m.route.id) ?? null;

describe("the backport of remix-run/react-router#14967", () => {
  for (const build of ["commonjs", "esm"] as const) {
    it(`is applied to @remix-run/router's ${build} build: a static handler ranks its routes once and matches with them`, async () => {
      const { router } = (await builds())[build];
      expect(typeof router.UNSAFE_matchRoutesImpl).toBe("function");
      const handler = router.createStaticHandler(routes());
      expect(Array.isArray(handler._internalRouteBranches)).toBe(true);
      for (const pathname of PATHS) {
        const expected = ids(router.matchRoutes(routes(), pathname));
        expect(ids(router.UNSAFE_matchRoutesImpl!(handler.dataRoutes, pathname, "/", false, handler._internalRouteBranches)), pathname).toEqual(expected);
        const context = await handler.query(new Request(`http://harbor.test${pathname}`));
        expect(ids((context as { matches: Match[] }).matches), pathname).toEqual(expected);
      }
      expect(router.matchRoutes(routes(), "/groups/alumni/threads/7")!.at(-1)!.params).toEqual({ slug: "alumni", threadId: "7" });
    });

    it(`is applied to @remix-run/server-runtime's ${build} build: requests match the handler's branches and get the manifest's routes`, async () => {
      const { router, matching } = (await builds())[build];
      const handler = router.createStaticHandler(routes());
      const manifest: Record<string, { id: string; module: string }> = {};
      for (const id of ["root", "home", "board", "thread", "search", "splat"]) manifest[id] = { id, module: `module of ${id}` };
      const matches = matching.matchServerRoutes(manifest, handler.dataRoutes, handler._internalRouteBranches!, "/groups/alumni/threads/7");
      expect(ids(matches)).toEqual(["root", "thread"]);
      expect(matches![1]!.route).toBe(manifest.thread);
      expect(matches![1]!.params).toEqual({ slug: "alumni", threadId: "7" });
      expect(ids(matching.matchServerRoutes(manifest, handler.dataRoutes, handler._internalRouteBranches!, "/nowhere"))).toEqual(["root", "splat"]);
    });
  }
});
