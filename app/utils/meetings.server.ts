/**
 * The guard every meeting page starts with, and the viewer's zone. A meeting the viewer may not
 * see does not exist for them (404); signed-out visitors are sent to sign in where that could help.
 */
import type { AppLoadContext } from "@remix-run/node";
import { getMeetingAccess, type MeetingAccess } from "../models/meetings.server";
import type { ValidatedSession } from "../models/sessions.server";
import { getAuth } from "./auth.server";
import { getDb } from "./db.server";
import { getConfig } from "./env.server";
import { notFound, toSignIn } from "./groups.server";

export { toSignIn };
import { isValidTimeZone } from "./time";
import { canonicalZone, zoneCity, zoneFromCookie } from "./time-zones.server";
import { getSiteConfig } from "../models/site-config.server";

export type MeetingNeed = "see" | "manage";

export interface MeetingContext {
  access: MeetingAccess;
  auth: ValidatedSession | null;
}

export async function requireMeeting(request: Request, context: Partial<AppLoadContext> | undefined, slug: string | undefined, need: MeetingNeed): Promise<MeetingContext> {
  const auth = await getAuth(request, context);
  const viewer = auth ? { id: auth.user.id, role: auth.user.role } : null;
  const access = slug ? await getMeetingAccess(getDb(), slug, viewer) : null;
  if (!access) throw auth ? notFound() : toSignIn(request);
  if (need === "manage" && !access.canManage) {
    if (!auth) throw toSignIn(request);
    throw new Response("Only this group's moderators can change its meetings.", { status: 403, statusText: "Forbidden" });
  }
  return { access, auth };
}

export type ZoneShownSource = "profile" | "link" | "chosen" | "browser" | "site";

export interface ViewerZone {
  zone: string;
  source: ZoneShownSource;
  /** The browser's zone, when its script has said (for the zone picker's first choice). */
  browserZone: string | null;
  /** For visitors whose times follow the browser: the cookie value the page was rendered for (see components/zone-script.tsx). */
  zoneCheck: string | null;
}

/**
 * The zone times are shown in: a member's profile zone; for visitors a `?tz=` in the link, then
 * the zone they picked or their browser's (the `harbor_tz` cookie), then the site's default zone
 * (Admin → Site settings) — never silently UTC.
 */
export async function viewerZone(auth: ValidatedSession | null, request: Request): Promise<ViewerZone> {
  const cookie = zoneFromCookie(request.headers.get("cookie"));
  const browserZone = cookie?.source === "browser" ? cookie.zone : null;
  if (auth) return { zone: auth.user.time_zone, source: "profile", browserZone, zoneCheck: null };
  const tz = new URL(request.url).searchParams.get("tz");
  if (tz && tz.length <= 64 && isValidTimeZone(tz)) return { zone: canonicalZone(tz), source: "link", browserZone, zoneCheck: null };
  if (cookie?.source === "chosen") return { zone: cookie.zone, source: "chosen", browserZone, zoneCheck: null };
  if (cookie) return { zone: cookie.zone, source: "browser", browserZone, zoneCheck: cookie.raw };
  return { zone: (await getSiteConfig(getDb())).defaultTimeZone, source: "site", browserZone, zoneCheck: "" };
}

/** "Times in Chicago time (your browser)" and the like. */
export function zoneSentence(zone: string, source: ZoneShownSource): string {
  const why = { profile: "your profile's time zone", link: "from the link", chosen: "your choice", browser: "your browser", site: "this site's time zone" }[source];
  return `Times in ${zoneCity(zone)} time (${why})`;
}

/** The site's public origin for absolute links in feeds. */
export function publicOrigin(request: Request): string {
  return getConfig().publicOrigin ?? new URL(request.url).origin;
}
