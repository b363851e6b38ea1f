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

/** The zone times are shown in: the member's own (profile setting), or for visitors `?tz=` or the site default. */
export function viewerZone(auth: ValidatedSession | null, url: URL): { zone: string; chosen: boolean } {
  if (auth) return { zone: auth.user.time_zone, chosen: true };
  const tz = url.searchParams.get("tz");
  if (tz && isValidTimeZone(tz)) return { zone: tz, chosen: true };
  return { zone: getConfig().defaultTimeZone, chosen: false };
}

/** The site's public origin for absolute links in feeds. */
export function publicOrigin(request: Request): string {
  return getConfig().publicOrigin ?? new URL(request.url).origin;
}
