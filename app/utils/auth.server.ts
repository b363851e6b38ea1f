/**
 * The session cookie and the guards every loader and action starts with.
 */
import { redirect } from "@remix-run/node";
import type { AppLoadContext } from "@remix-run/node";
import { getDb } from "./db.server";
import { now } from "./clock.server";
import { can, type Permission } from "./permissions";
import { createSession, sessionLifetimes, validateSessionToken, type ValidatedSession } from "../models/sessions.server";

const COOKIE_BASE = "harbor_session";

export function isSecureRequest(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

/** Over HTTPS the cookie takes the `__Host-` prefix: Secure, Path=/, no Domain, so no sibling site can set it. */
export function sessionCookieName(request: Request): string {
  return isSecureRequest(request) ? `__Host-${COOKIE_BASE}` : COOKIE_BASE;
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  const name = sessionCookieName(request);
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      return value.length > 0 && value.length < 200 ? value : null;
    }
  }
  return null;
}

function cookieAttributes(request: Request, maxAgeSeconds: number): string {
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${isSecureRequest(request) ? "; Secure" : ""}`;
}

export function sessionCookie(request: Request, token: string): string {
  const maxAge = Math.floor(sessionLifetimes().maxAgeMs / 1000);
  return `${sessionCookieName(request)}=${token}; ${cookieAttributes(request, maxAge)}`;
}

export function clearSessionCookie(request: Request): string {
  return `${sessionCookieName(request)}=; ${cookieAttributes(request, 0)}`;
}

const cache = new WeakMap<Request, Promise<ValidatedSession | null>>();

/** The signed-in member and session for this request, or null. Validated once per request. */
export function getAuth(request: Request, context?: Partial<AppLoadContext>): Promise<ValidatedSession | null> {
  const token = readSessionToken(request);
  if (!token) return Promise.resolve(null);
  // In a server request: once for all of the page's loaders, which share its load context (Remix
  // gives each loader its own Request). Without one (tests): once per Request.
  const sessions = context?.sessions;
  let pending = sessions ? sessions.get(token) : cache.get(request);
  if (!pending) {
    pending = validateSessionToken(getDb(), token, now(), sessionLifetimes(), { ip: context?.clientIp });
    if (sessions) sessions.set(token, pending);
    else cache.set(request, pending);
  }
  return pending;
}

/** Only same-site paths: never an open redirect to another site. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  try {
    const url = new URL(to, "http://harbor.invalid");
    return url.origin === "http://harbor.invalid" ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}

/** Signed in, or off to the sign-in page (and back here afterwards). */
export async function requireAuth(request: Request, context?: Partial<AppLoadContext>): Promise<ValidatedSession> {
  const auth = await getAuth(request, context);
  if (!auth) {
    const url = new URL(request.url);
    const back = request.method === "GET" ? `${url.pathname}${url.search}` : url.pathname;
    throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return auth;
}

export async function requireUser(request: Request, context?: Partial<AppLoadContext>) {
  return (await requireAuth(request, context)).user;
}

export async function requireAnonymous(request: Request, context?: Partial<AppLoadContext>): Promise<void> {
  if (await getAuth(request, context)) throw redirect("/");
}

/** Signed in and allowed; otherwise 403 with a friendly page. */
export async function requirePermission(request: Request, context: Partial<AppLoadContext> | undefined, permission: Permission) {
  const auth = await requireAuth(request, context);
  if (!can(auth.user, permission)) {
    throw new Response("You don't have access to this page.", { status: 403, statusText: "Forbidden" });
  }
  return auth;
}

/** Starts a session for a member who just proved who they are; returns the Set-Cookie header. */
export async function startSession(request: Request, context: Partial<AppLoadContext> | undefined, userId: string): Promise<string> {
  const { token } = await createSession(getDb(), userId, {
    userAgent: request.headers.get("User-Agent"),
    ip: context?.clientIp,
  });
  return sessionCookie(request, token);
}
