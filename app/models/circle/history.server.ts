/**
 * The member's own history of their support circle: every invitation, share, change, ending and
 * reach-out, in words, for them alone (the circle page's "History", the export). Never private text.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";

export type CircleEventKind =
  | "invited"
  | "invite_link"
  | "invite_withdrawn"
  | "accepted"
  | "declined"
  | "shares_changed"
  | "ended"
  | "left"
  | "muted"
  | "unmuted"
  | "check_on_me"
  | "rules_changed"
  | "reach_out";

export interface CircleEventInput {
  memberId: string;
  personId?: string | null;
  personName?: string;
  kind: CircleEventKind;
  detail?: Record<string, string | number | boolean | null | string[]>;
}

export async function recordCircleEvent(db: Kysely<Database>, event: CircleEventInput, now = clockNow()): Promise<void> {
  await db
    .insertInto("circle_events")
    .values({
      user_id: event.memberId,
      person_id: event.personId ?? null,
      person_name: event.personName ?? "",
      kind: event.kind,
      detail: JSON.stringify(event.detail ?? {}),
      created_at: now.toISOString(),
    })
    .execute();
}

export interface CircleEvent {
  id: number;
  kind: string;
  personName: string;
  detail: Record<string, unknown>;
  at: string;
}

function parse(raw: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The member's history, newest first. */
export async function listCircleHistory(db: Kysely<Database>, memberId: string, limit = 200): Promise<CircleEvent[]> {
  const rows = await db
    .selectFrom("circle_events")
    .select(["id", "kind", "person_name", "detail", "created_at"])
    .where("user_id", "=", memberId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, personName: r.person_name, detail: parse(r.detail), at: r.created_at }));
}

/** One line of history in words ("Shared with Alex T.: check-ins, meeting counts"). */
export function describeCircleEvent(event: CircleEvent): string {
  const who = event.personName || "someone";
  const items = Array.isArray(event.detail.items) ? (event.detail.items as string[]) : [];
  const list = items.length ? items.join(", ") : "nothing yet";
  const role = typeof event.detail.role === "string" ? ` as ${event.detail.role}` : "";
  switch (event.kind) {
    case "invited":
      return `Invited ${who}${role}, to see: ${list}.`;
    case "invite_link":
      return `Made an invite link${role}, to see: ${list}.`;
    case "invite_withdrawn":
      return event.personName ? `Withdrew the invitation to ${who}.` : "Withdrew an invite link.";
    case "accepted":
      return `${who} joined your circle${role}, seeing: ${list}.`;
    case "declined":
      return `${who} declined your invitation.`;
    case "shares_changed":
      return `Changed what ${who} sees${role}: ${list}.`;
    case "ended":
      return `Ended sharing with ${who}.`;
    case "left":
      return `${who} left your circle.`;
    case "muted":
      return `Muted ${who}'s encouragement.`;
    case "unmuted":
      return `Unmuted ${who}'s encouragement.`;
    case "check_on_me":
      return event.detail.on === true ? `Asked ${who} to check on you.` : `Stopped asking ${who} to check on you.`;
    case "rules_changed":
      return `Changed your "check on me" rules: ${typeof event.detail.rules === "string" ? event.detail.rules : "updated"}.`;
    case "reach_out":
      return `Reached out to ${list}.`;
    default:
      return "A change in your circle.";
  }
}
