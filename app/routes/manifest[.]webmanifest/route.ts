import { getSiteConfig } from "~/models/site-config.server";
import { getDb } from "~/utils/db.server";
import { webAppManifest } from "~/utils/web-app-manifest";

/**
 * The web app manifest (linked from every page): with it and the service worker, a browser offers
 * to install Harbor, and the installed app opens on the member's home page in its own window. The
 * name is the site's name from Admin → Site settings, so it is served, not a static file.
 */
export async function loader() {
  const { siteName } = await getSiteConfig(getDb());
  return new Response(JSON.stringify(webAppManifest(siteName)), {
    headers: {
      "Content-Type": "application/manifest+json; charset=utf-8",
      // Public (the same for everyone); short, so a renamed site shows its new name soon.
      "Cache-Control": "public, max-age=600",
    },
  });
}
