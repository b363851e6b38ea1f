import type { MetaArgs, MetaDescriptor } from "@remix-run/node";
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

/** What the site is, in one sentence: the description of a page that has none of its own. */
export function siteDescription(matches: MetaArgs["matches"]): string {
  return `${siteNameOf(matches)} is a calm place for recovery: peer groups, meetings and your own progress, with help one tap away.`;
}

/** A page's description (search results and link previews show it); the site's own when the page has none. */
export function descriptionMeta(matches: MetaArgs["matches"], description?: string): MetaDescriptor {
  return { name: "description", content: description ?? siteDescription(matches) };
}

/**
 * A page's meta: its title ("Taper log · My recovery · Hope Alumni") and a description. A route's
 * meta replaces the root's, so every route says both.
 */
export function pageMeta(matches: MetaArgs["matches"], title: string, description?: string): MetaDescriptor[] {
  return [{ title: siteTitle(matches, title) }, descriptionMeta(matches, description)];
}
