// The site header: one calm row on a phone — the site's name, "Need help now?", the bell and a
// menu (a <details> disclosure, so it opens without JavaScript) — and the places inline on a wide
// screen. The crisis link comes right after the name, so the keyboard reaches it early.
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";

export interface HeaderUser {
  unreadNotifications: number;
  unreadConversations: number;
  showModeration: boolean;
  openReports: number;
  isAdmin: boolean;
}

/** A header link, marked as the current page (aria-current) where the visitor is. */
function Place({ to, end = false, className, children }: { to: string; end?: boolean; className?: string; children: ReactNode }) {
  return (
    <li>
      <NavLink to={to} end={end} className={className}>
        {children}
      </NavLink>
    </li>
  );
}

/** A count after a place's name, " (3 unread)" to a screen reader, " (3)" on screen; nothing at 0. */
function PlaceCount({ count, what }: { count: number; what: string }) {
  if (count <= 0) return null;
  return (
    <span className="places__count">
      {" "}
      ({count}
      <span className="visually-hidden"> {what}</span>)
    </span>
  );
}

/** The places a visitor can go, the same list inline (wide screens) and in the menu (phones). */
function Places({ user }: { user: HeaderUser | null }) {
  if (!user) {
    return (
      <ul className="places">
        <Place to="/groups">Groups</Place>
        <Place to="/meetings">Meetings</Place>
        <Place to="/guides">Guides</Place>
        <Place to="/login">Sign in</Place>
        <Place to="/signup" className="places__cta">
          Join
        </Place>
      </ul>
    );
  }
  return (
    <ul className="places">
      <Place to="/" end>
        Home
      </Place>
      <Place to="/groups">Groups</Place>
      <Place to="/meetings">Meetings</Place>
      <Place to="/guides">Guides</Place>
      <Place to="/messages">
        Messages
        <PlaceCount count={user.unreadConversations} what="unread" />
      </Place>
      <Place to="/recovery">My recovery</Place>
      {user.showModeration ? (
        <Place to="/moderation">
          Moderation
          <PlaceCount count={user.openReports} what="open" />
        </Place>
      ) : null}
      <Place to="/settings">Settings</Place>
      {user.isAdmin ? <Place to="/admin">Admin</Place> : null}
      <li>
        <Form method="post" action="/logout">
          <button type="submit" className="places__button">
            Sign out
          </button>
        </Form>
      </li>
    </ul>
  );
}

function NotificationBell({ unread }: { unread: number }) {
  return (
    <NavLink to="/notifications" className="masthead__bell" aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24">
        <path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z M10 20.5a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round" />
      </svg>
      {unread > 0 ? (
        <span className="masthead__bell-count" aria-hidden="true">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </NavLink>
  );
}

/** The phone's menu. Without JavaScript it is a plain disclosure; with it, it also closes after a navigation and on Escape. */
function Menu({ user }: { user: HeaderUser | null }) {
  const details = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  useEffect(() => {
    if (details.current) details.current.open = false;
  }, [location.key]);
  useEffect(() => {
    const menu = details.current;
    if (!menu) return;
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !menu.open) return;
      menu.open = false;
      menu.querySelector("summary")?.focus();
    };
    menu.addEventListener("keydown", closeOnEscape);
    return () => menu.removeEventListener("keydown", closeOnEscape);
  }, []);
  return (
    <details className="masthead__menu" ref={details}>
      <summary>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24">
          <path d="M4 7h16M4 12h16M4 17h16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <span className="visually-hidden">Menu</span>
        {user && user.openReports > 0 && user.showModeration ? <span className="masthead__menu-dot" aria-hidden="true" /> : null}
      </summary>
      <nav aria-label="Main" className="masthead__menu-panel">
        <Places user={user} />
      </nav>
    </details>
  );
}

export function SiteHeader({ user, siteName, setupPending }: { user: HeaderUser | null; siteName: string; setupPending: boolean }) {
  return (
    <header className={user ? "site-header masthead masthead--member" : "site-header masthead"}>
      <div className="masthead__row">
        <Link to="/" className="masthead__brand" aria-label={`${siteName}, home`}>
          <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28" className="masthead__mark">
            <circle cx="16" cy="16" r="15" fill="currentColor" opacity="0.12" />
            <path d="M16 6v18M10 11h12M8 19c1.5 4 4.5 6 8 6s6.5-2 8-6" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
          </svg>
          <span className="masthead__name">{siteName}</span>
        </Link>
        <Link to="/help" className="crisis-link">
          Need help now?
        </Link>
        {setupPending ? null : (
          <nav aria-label="Main" className="masthead__places">
            <Places user={user} />
          </nav>
        )}
        {user ? <NotificationBell unread={user.unreadNotifications} /> : null}
        {setupPending ? null : <Menu user={user} />}
      </div>
    </header>
  );
}
