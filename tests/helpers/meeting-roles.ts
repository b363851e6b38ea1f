/**
 * The cast of the meeting route tests: an outsider, a member, a group moderator and a site admin
 * (each signed in, with a session cookie), a public, a private and a hidden group with the member
 * and the moderator in each, and one weekly hybrid meeting per group. Made afresh before each test
 * in that test's own database.
 */
import { beforeEach } from "vitest";
import { addMember } from "../../app/models/groups.server";
import { validateMeeting } from "../../app/models/meeting-input.server";
import { createMeeting, type Meeting } from "../../app/models/meetings.server";
import { createSession } from "../../app/models/sessions.server";
import { setClock } from "../../app/utils/clock.server";
import type { Database, Group } from "../../db/schema";
import { makeGroup, makeUser } from "../factories";
import type { Kysely } from "kysely";
import { BASE } from "./requests";

export type Role = "anonymous" | "outsider" | "member" | "moderator" | "admin";
export const ROLES: Role[] = ["anonymous", "outsider", "member", "moderator", "admin"];
export type Kind = "public" | "private" | "hidden";
export const KINDS: Kind[] = ["public", "private", "hidden"];

/** The test clock of every meeting route test: a Monday noon. */
export const MONDAY_NOON = "2026-06-01T12:00:00Z";

/** A valid meeting form (a weekly hybrid meeting). */
export const FORM = {
  intent: "save",
  name: "Thursday Serenity",
  kind: "weekly",
  days: "4",
  startTime: "19:00",
  endTime: "20:00",
  timeZone: "America/New_York",
  attendance: "hybrid",
  locationName: "Grace Hall",
  address: "1 Serenity Way, Portland, ME",
  conferenceUrl: "https://zoom.us/j/555",
  conferencePhone: "+1 555 0100",
  types: "O",
  status: "active",
};

/** A form POST (repeated fields as lists), as a browser sends it. */
export function form(fields: Record<string, string | string[]>, cookie?: string, path = "/meetings/new"): Request {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: BASE, ...(cookie ? { Cookie: cookie } : {}) },
  });
}

export interface MeetingCast {
  groups: Record<Kind, Group>;
  meetings: Record<Kind, Meeting>;
  cookies: Record<Role, string | undefined>;
  ids: Partial<Record<Role, string>>;
}

export const canSee = (role: Role, kind: Kind) => kind === "public" || role === "member" || role === "moderator" || role === "admin";
export const canManage = (role: Role) => role === "moderator" || role === "admin";

/** Makes the cast before each test; the returned object is filled in place. */
export function useMeetingCast(t: { readonly db: Kysely<Database> }): MeetingCast {
  const cast: MeetingCast = {
    groups: {} as Record<Kind, Group>,
    meetings: {} as Record<Kind, Meeting>,
    cookies: { anonymous: undefined, outsider: undefined, member: undefined, moderator: undefined, admin: undefined },
    ids: {},
  };
  beforeEach(async () => {
    setClock(MONDAY_NOON);
    for (const role of ["outsider", "member", "moderator", "admin"] as const) {
      const user = await makeUser(t.db, { role: role === "admin" ? "admin" : "member", timeZone: "America/New_York" });
      cast.ids[role] = user.id;
      cast.cookies[role] = `harbor_session=${(await createSession(t.db, user.id)).token}`;
    }
    for (const kind of KINDS) {
      cast.groups[kind] = await makeGroup(t.db, { visibility: kind, name: `Meeting group ${kind}` });
      await addMember(t.db, cast.groups[kind].id, cast.ids.member!);
      await addMember(t.db, cast.groups[kind].id, cast.ids.moderator!, "moderator");
      const input = validateMeeting({
        ...FORM,
        name: `The ${kind} meeting`,
        days: ["2"],
        types: ["O"],
        address: `${kind} secret address 12`,
        conferenceUrl: `https://zoom.us/j/${kind}999`,
      });
      if (!input.ok) throw new Error("bad fixture");
      cast.meetings[kind] = await createMeeting(t.db, cast.groups[kind].id, input.input, cast.ids.moderator!);
    }
  });
  return cast;
}
