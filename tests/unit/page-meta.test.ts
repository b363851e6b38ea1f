/**
 * Every page has a title and a meta description (search results and link previews show it;
 * Lighthouse's SEO audit asks for it). A route's `meta` replaces the root's, so each route that
 * has one must say both; pages without one (the 404 page, layouts) fall back to the root's.
 */
import fs from "node:fs";
import path from "node:path";
import type { MetaDescriptor } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { descriptionMeta, pageMeta } from "../../app/utils/site-title";

const routesDir = path.resolve(__dirname, "../../app/routes");
const root = { id: "root", data: { siteName: "Riverside Alumni" } };
const routeFiles = fs
  .readdirSync(routesDir, { withFileTypes: true })
  .map((entry) => (entry.isDirectory() ? path.join(entry.name, "route.tsx") : entry.name))
  .filter((file) => file.endsWith(".tsx") && fs.existsSync(path.join(routesDir, file)));

const descriptionOf = (metas: MetaDescriptor[]) => metas.find((m) => "name" in m && m.name === "description") as { content?: string } | undefined;

describe("page meta", () => {
  it("gives a page its title and the site's description unless it has its own", () => {
    const matches = [root] as never;
    expect(pageMeta(matches, "Meetings")).toEqual([
      { title: "Meetings · Riverside Alumni" },
      { name: "description", content: expect.stringMatching(/^Riverside Alumni is a calm place for recovery/) },
    ]);
    expect(descriptionMeta(matches, "Our own words.")).toEqual({ name: "description", content: "Our own words." });
  });

  it.each(routeFiles)("%s: a title and a description, with or without its data", async (file) => {
    const module = (await import(path.join(routesDir, file))) as { meta?: (args: unknown) => MetaDescriptor[] };
    if (!module.meta) return;
    const metas = module.meta({ data: undefined, matches: [root], params: {}, location: { pathname: "/" } });
    expect(metas.some((m) => "title" in m && typeof m.title === "string" && m.title.length > 0)).toBe(true);
    expect(descriptionOf(metas)?.content?.length ?? 0).toBeGreaterThan(20);
  });
});
