import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import stylesUrl from "./styles/app.css";
import formsStylesUrl from "./styles/forms.css";
import pagesStylesUrl from "./styles/pages.css";
import boardsStylesUrl from "./styles/boards.css";
import homeStylesUrl from "./styles/home.css";
import headerStylesUrl from "./styles/header.css";
import themeStylesUrl from "./styles/theme.css";
import meetingsStylesUrl from "./styles/meetings.css";
import moderationStylesUrl from "./styles/moderation.css";
import notificationsStylesUrl from "./styles/notifications.css";
import guidesStylesUrl from "./styles/guides.css";
import recoveryStylesUrl from "./styles/recovery.css";
import circleStylesUrl from "./styles/circle.css";
import messagesStylesUrl from "./styles/messages.css";
import { headerCounts } from "./models/nav/header.server";
import { getSiteConfig } from "./models/site-config.server";
import { siteNeedsSetup } from "./models/first-run.server";
import { getDb } from "./utils/db.server";
import { useNonce } from "./components/nonce";
import { ZoneScript } from "./components/zone-script";
import { SiteHeader } from "./components/site-header";
import { getAuth } from "./utils/auth.server";
import { can } from "./utils/permissions";
import { descriptionMeta, siteNameFrom, useSiteName } from "./utils/site-title";
import { THEME_COLOR } from "./utils/web-app-manifest";

export const links: LinksFunction = () => [
  // theme.css (the colours, light and dark), app.css (tokens, page), then the shared controls and page parts, boards, home, the header: in this order.
  { rel: "stylesheet", href: themeStylesUrl },
  { rel: "stylesheet", href: stylesUrl },
  { rel: "stylesheet", href: formsStylesUrl },
  { rel: "stylesheet", href: pagesStylesUrl },
  { rel: "stylesheet", href: boardsStylesUrl },
  { rel: "stylesheet", href: homeStylesUrl },
  { rel: "stylesheet", href: headerStylesUrl },
  { rel: "stylesheet", href: moderationStylesUrl },
  { rel: "stylesheet", href: meetingsStylesUrl },
  { rel: "stylesheet", href: recoveryStylesUrl },
  { rel: "stylesheet", href: circleStylesUrl },
  { rel: "stylesheet", href: notificationsStylesUrl },
  { rel: "stylesheet", href: guidesStylesUrl },
  { rel: "stylesheet", href: messagesStylesUrl },
  { rel: "icon", href: "/favicon.ico", sizes: "48x48" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  // Installable app (docs/app-and-offline.md): the manifest names the site and its home-screen icons.
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/apple-touch-icon.png" },
  // Meeting finders (the Meeting Guide app, TSML UI) discover the site's meeting feed by this link.
  { rel: "alternate", type: "application/json", title: "Meetings Feed", href: "/api/meetings.json" },
];

// A route's meta replaces this one; routes use pageMeta (utils/site-title.ts) to say both.
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: siteNameFrom(data) }, descriptionMeta(matches)];

/** Pages open on a site that is not set up yet: the set-up page, and the crisis page (always one click away). */
const OPEN_BEFORE_SETUP = new Set(["/setup", "/help"]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  // A fresh site (no admin yet) leads every visitor to the set-up page; answered from memory once set up.
  if (await siteNeedsSetup(getDb())) {
    const path = new URL(request.url).pathname.replace(/\.data$/, "").replace(/^\/_root$/, "/");
    if (!OPEN_BEFORE_SETUP.has(path)) throw redirect("/setup");
    return { user: null, siteName: (await getSiteConfig(getDb())).siteName, setupPending: true };
  }
  const auth = await getAuth(request, context);
  // The site's name (Admin → Site settings) is held in memory: no query per page.
  const { siteName } = await getSiteConfig(getDb());
  if (!auth) return { user: null, siteName };
  const isAdmin = can(auth.user, "admin:console");
  const counts = await headerCounts(auth.user.id, isAdmin);
  return {
    siteName,
    user: {
      id: auth.user.id,
      displayName: auth.user.display_name,
      timeZone: auth.user.time_zone,
      isAdmin,
      ...counts,
    },
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const siteName = siteNameFrom(data);
  // A page showing times in a visitor's zone says which browser zone it was rendered for (zone-script.tsx).
  const zoneCheck = useMatches()
    .map((m) => (m.data && typeof m.data === "object" && "zoneCheck" in m.data ? m.data.zoneCheck : undefined))
    .find((v): v is string => typeof v === "string");
  return (
    <html lang="en" data-zone-check={zoneCheck}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="theme-color" content={THEME_COLOR} />
        <ZoneScript nonce={nonce} />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader user={data?.user ?? null} siteName={siteName} setupPending={!!data && "setupPending" in data} />
        <main id="main" className="page" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>
            {siteName} is a peer community, not a crisis or medical service. If you are in danger, <Link to="/help">find help now</Link>.
          </p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

function isRefusal(value: unknown): value is { title: string; message: string } {
  const refusal = value as { title?: unknown; message?: unknown } | null;
  return typeof refusal?.title === "string" && typeof refusal.message === "string";
}

export function ErrorBoundary() {
  const error = useRouteError();
  const siteName = useSiteName();
  let title = "Something went wrong";
  let message: ReactNode = `${siteName} hit a problem it didn't expect. Nothing you did caused it. Please try again in a moment.`;
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "We couldn't find that page";
      message = "It may have moved, or it may be private. Check the address, or head back home.";
    } else if (error.status === 403) {
      title = "This page isn't available to you";
      message = typeof error.data === "string" && error.data ? error.data : "You don't have access to this page.";
    } else if (isRefusal(error.data)) {
      // A form sent by the page's script that the server refused (too many requests, too large): routes/$.tsx.
      title = error.data.title;
      message = error.data.message;
    } else if (error.status < 500) {
      title = "That didn't work";
      message = typeof error.data === "string" && error.data ? error.data : "Please go back and try again.";
    }
  }
  return (
    <div className="stack narrow">
      <h1>{title}</h1>
      <p className="lead">{message}</p>
      <p>
        <Link to="/" className="button button--primary">
          Back to {siteName}
        </Link>
      </p>
      <p className="muted">
        If you're struggling right now, <Link to="/help">these people can help, any time</Link>.
      </p>
    </div>
  );
}
