import type { MetaArgs } from "@remix-run/node";
import { useRouteLoaderData } from "@remix-run/react";

/** The site's name (Admin → Site settings) from the root loader's data; "Harbor" until it is known. */
export function siteNameFrom(rootData: unknown): string {
  const name = (rootData as { siteName?: unknown } | undefined)?.siteName;
  return typeof name === "string" && name.trim() ? name : "Harbor";
}

/** The site's name, for a route's `meta`. */
export function siteNameOf(matches: MetaArgs["matches"]): string {
  return siteNameFrom(matches.find((m) => m.id === "root")?.data);
}

/** A page's title, followed by the site's own name: "Taper log · My recovery · Hope Alumni". */
export function siteTitle(matches: MetaArgs["matches"], title: string): string {
  return `${title} · ${siteNameOf(matches)}`;
}

/** The site's name, for a component (the layout, the error page, the help page). */
export function useSiteName(): string {
  return siteNameFrom(useRouteLoaderData("root"));
}
