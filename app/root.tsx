import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import stylesUrl from "./styles/app.css";
import formsStylesUrl from "./styles/forms.css";
import pagesStylesUrl from "./styles/pages.css";
import boardsStylesUrl from "./styles/boards.css";
import homeStylesUrl from "./styles/home.css";
import meetingsStylesUrl from "./styles/meetings.css";
import moderationStylesUrl from "./styles/moderation.css";
import notificationsStylesUrl from "./styles/notifications.css";
import recoveryStylesUrl from "./styles/recovery.css";
import { headerCounts } from "./models/nav/header.server";
import { getSiteConfig } from "./models/site-config.server";
import { siteNeedsSetup } from "./models/first-run.server";
import { getDb } from "./utils/db.server";
import { useNonce } from "./components/nonce";
import { ZoneScript } from "./components/zone-script";
import { getAuth } from "./utils/auth.server";
import { can } from "./utils/permissions";
import { siteNameFrom, useSiteName } from "./utils/site-title";
import { THEME_COLOR } from "./utils/web-app-manifest";

export const links: LinksFunction = () => [
  // app.css (tokens, header, page), then the shared controls and page parts, boards, home: in this order.
  { rel: "stylesheet", href: stylesUrl },
  { rel: "stylesheet", href: formsStylesUrl },
  { rel: "stylesheet", href: pagesStylesUrl },
  { rel: "stylesheet", href: boardsStylesUrl },
  { rel: "stylesheet", href: homeStylesUrl },
  { rel: "stylesheet", href: moderationStylesUrl },
  { rel: "stylesheet", href: meetingsStylesUrl },
  { rel: "stylesheet", href: recoveryStylesUrl },
  { rel: "stylesheet", href: notificationsStylesUrl },
  { rel: "icon", href: "/favicon.ico", sizes: "48x48" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  // Installable app (docs/app-and-offline.md): the manifest names the site and its home-screen icons.
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/apple-touch-icon.png" },
  // Meeting finders (the Meeting Guide app, TSML UI) discover the site's meeting feed by this link.
  { rel: "alternate", type: "application/json", title: "Meetings Feed", href: "/api/meetings.json" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: siteNameFrom(data) },
  { name: "description", content: "A calm place for recovery: peer groups, meetings and your own progress." },
];

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

/** A header link, marked as the current page (aria-current) where the visitor is. */
function NavItem({ to, end = false, className, label, children }: { to: string; end?: boolean; className?: string; label?: string; children: ReactNode }) {
  return (
    <NavLink to={to} end={end} className={className} aria-label={label}>
      {children}
    </NavLink>
  );
}

function NotificationBell({ unread }: { unread: number }) {
  return (
    <NavItem to="/notifications" className="bell" label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24">
        <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z M10 20.5a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round" />
      </svg>
      {unread > 0 ? (
        <span className="bell__count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavItem>
  );
}

function SiteHeader({ user, siteName, setupPending }: { user: RootData["user"]; siteName: string; setupPending: boolean }) {
  return (
    <header className={user ? "site-header site-header--member" : "site-header"}>
      <div className="site-header__inner">
        <Link to="/" className="brand" aria-label={`${siteName}, home`}>
          <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28" className="brand__mark">
            <circle cx="16" cy="16" r="15" fill="currentColor" opacity="0.12" />
            <path d="M16 6v18M10 11h12M8 19c1.5 4 4.5 6 8 6s6.5-2 8-6" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
          </svg>
          <span>{siteName}</span>
        </Link>
        {user ? <NotificationBell unread={user.unreadNotifications} /> : null}
        <Link to="/help" className="crisis-link">
          Need help now?
        </Link>
        {setupPending ? null : (
          <nav aria-label="Main" className="site-nav">
            <ul>
              {user ? (
                <>
                  <li>
                    <NavItem to="/" end>
                      Home
                    </NavItem>
                  </li>
                  <li>
                    <NavItem to="/groups">Groups</NavItem>
                  </li>
                  <li>
                    <NavItem to="/meetings">Meetings</NavItem>
                  </li>
                  <li>
                    <NavItem to="/recovery">My recovery</NavItem>
                  </li>
                  {user.showModeration ? (
                    <li>
                      <NavItem to="/moderation">
                        Moderation
                        {user.openReports > 0 ? (
                          <span className="nav-count">
                            {" "}
                            ({user.openReports}
                            <span className="visually-hidden"> open</span>)
                          </span>
                        ) : null}
                      </NavItem>
                    </li>
                  ) : null}
                  <li>
                    <NavItem to="/settings">Settings</NavItem>
                  </li>
                  {user.isAdmin ? (
                    <li>
                      <NavItem to="/admin">Admin</NavItem>
                    </li>
                  ) : null}
                  <li>
                    <Form method="post" action="/logout">
                      <button type="submit" className="link-button">
                        Sign out
                      </button>
                    </Form>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <NavItem to="/groups">Groups</NavItem>
                  </li>
                  <li>
                    <NavItem to="/meetings">Meetings</NavItem>
                  </li>
                  <li>
                    <NavItem to="/login">Sign in</NavItem>
                  </li>
                  <li>
                    <NavItem to="/signup" className="nav-cta">
                      Join
                    </NavItem>
                  </li>
                </>
              )}
            </ul>
          </nav>
        )}
      </div>
    </header>
  );
}

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
        <meta name="color-scheme" content="light" />
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
