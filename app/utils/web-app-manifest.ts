/**
 * What the web app manifest says (served by app/routes/manifest[.]webmanifest). The icons are
 * drawn by app/pwa/render-icons.ts into public/icons.
 */
export const THEME_COLOR = "#1d5c57";
export const BACKGROUND_COLOR = "#faf7f2";

/** The name under the icon on a home screen: the site's name when it fits (about 12 characters), else its first word. */
export function shortName(siteName: string): string {
  const name = siteName.trim();
  if (name.length <= 12) return name;
  const first = name.split(/\s+/)[0] ?? name;
  return first.length <= 12 ? first : `${first.slice(0, 11)}…`;
}

export function webAppManifest(siteName: string) {
  return {
    id: "/",
    name: siteName,
    short_name: shortName(siteName),
    description: "A calm place for recovery: peer groups, meetings and your own progress.",
    lang: "en",
    dir: "ltr",
    // The member's home page (or the welcome page for a visitor), in a window of its own.
    start_url: "/",
    scope: "/",
    display: "standalone",
    orientation: "any",
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    categories: ["health", "lifestyle", "social"],
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-192.png", sizes: "192x192", type: "image/png", purpose: "maskable" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
    shortcuts: [
      { name: "Need help now?", short_name: "Help now", url: "/help", icons: [{ src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" }] },
      { name: "My recovery", url: "/recovery" },
    ],
  };
}
