import type { MetaArgs } from "@remix-run/node";

/** The site's name (Admin → Site settings), from the root loader's data; "Harbor" until it is known. */
export function siteNameOf(matches: MetaArgs["matches"]): string {
  const root = matches.find((m) => m.id === "root")?.data as { siteName?: unknown } | undefined;
  return typeof root?.siteName === "string" && root.siteName.trim() ? root.siteName : "Harbor";
}

/** A page's title, followed by the site's own name: "Taper log · My recovery · Hope Alumni". */
export function siteTitle(matches: MetaArgs["matches"], title: string): string {
  return `${title} · ${siteNameOf(matches)}`;
}
