/**
 * The people in a member's support circle: who they are, what each may see, and the changes the
 * member (or the person) makes — change the shares, ask them to check on the member, mute them,
 * end the share, or leave. Each change is one transaction with its line in the member's history and,
 * where the other side should know, a notification ("Sam R. stopped sharing with you": never why).
 */
import type { Kysely, Selectable } from "kysely";
import type { Database } from "../../../db/schema";
import type { CircleMembersTable, CircleRole } from "../../../db/schema/circle";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { CIRCLE_ROLES, mayShareTracker, type CircleLink, type CircleShares } from "../../policy/circle";
import { notify } from "../notify.server";
import { recordCircleEvent } from "./history.server";

export class CircleRuleError extends Error {
  constructor(
    message: string,
    readonly field = "form",
    readonly status = 400,
  ) {
    super(message);
  }
}

export const CIRCLE_MAX_PEOPLE = 30;

export function circleNotFound(): CircleRuleError {
  return new CircleRuleError("Not found", "form", 404);
}

type MemberRow = Selectable<CircleMembersTable>;

export function linkOf(row: MemberRow): CircleLink {
  return {
    memberId: row.user_id,
    personId: row.person_id,
    role: row.role,
    shares: sharesOf(row),
    checkOnMe: row.check_on_me === 1,
    muted: row.muted === 1,
  };
}

/** The link between a member and a person in their circle, or null. */
export async function getCircleLink(db: Kysely<Database>, memberId: string, personId: string): Promise<CircleLink | null> {
  if (!memberId || !personId) return null;
  const row = await db.selectFrom("circle_members").selectAll().where("user_id", "=", memberId).where("person_id", "=", personId).executeTakeFirst();
  return row ? linkOf(row) : null;
}

/** What a set of shares lets a person see, in words (history, pages): never the tracker's private name. */
export function sharedItems(shares: CircleShares): string[] {
  return [
    ...(shares.trackerId !== null ? ["days on one tracker and its milestones"] : []),
    ...(shares.checkins ? ["check-in mood and cravings"] : []),
    ...(shares.meetings ? ["meeting attendance counts"] : []),
    ...(shares.plan ? ["relapse-prevention plan"] : []),
  ];
}

/** Checks a set of shares the member chose: a tracker must be one of their own (else a field error, nothing saved). */
export async function checkShares(db: Kysely<Database>, memberId: string, shares: CircleShares): Promise<CircleShares> {
  if (shares.trackerId !== null) {
    const tracker = await db.selectFrom("recovery_trackers").select("user_id").where("id", "=", shares.trackerId).executeTakeFirst();
    if (!mayShareTracker(memberId, tracker?.user_id ?? null)) throw new CircleRuleError("Choose one of your own trackers, or none.", "tracker");
  }
  return shares;
}

/** The shares stored in a row's share_* columns (a circle link's or an invitation's): shareColumns read back. */
export function sharesOf(row: { share_tracker_id: number | null; share_checkins: number; share_meetings: number; share_plan: number }): CircleShares {
  return { trackerId: row.share_tracker_id, checkins: row.share_checkins === 1, meetings: row.share_meetings === 1, plan: row.share_plan === 1 };
}

export function shareColumns(shares: CircleShares) {
  return {
    share_tracker_id: shares.trackerId,
    share_checkins: shares.checkins ? 1 : 0,
    share_meetings: shares.meetings ? 1 : 0,
    share_plan: shares.plan ? 1 : 0,
  };
}

export interface CirclePerson {
  personId: string;
  displayName: string;
  role: CircleRole;
  roleLabel: string;
  items: string[];
  shares: CircleShares;
  checkOnMe: boolean;
  muted: boolean;
  joinedAt: string;
}

/** The people in the member's circle, in the order they joined. */
export async function listCirclePeople(db: Kysely<Database>, memberId: string): Promise<CirclePerson[]> {
  const rows = await db
    .selectFrom("circle_members as cm")
    .innerJoin("users as u", "u.id", "cm.person_id")
    .selectAll("cm")
    .select("u.display_name")
    .where("cm.user_id", "=", memberId)
    .orderBy("cm.joined_at")
    .orderBy("cm.id")
    .execute();
  return rows.map((row) => {
    const link = linkOf(row);
    return {
      personId: row.person_id,
      displayName: row.display_name,
      role: row.role,
      roleLabel: CIRCLE_ROLES[row.role] ?? row.role,
      items: sharedItems(link.shares),
      shares: link.shares,
      checkOnMe: link.checkOnMe,
      muted: link.muted,
      joinedAt: row.joined_at,
    };
  });
}

/** The members whose circles the person is in (their circle pages). */
export async function listCirclesIn(db: Kysely<Database>, personId: string) {
  const rows = await db
    .selectFrom("circle_members as cm")
    .innerJoin("users as u", "u.id", "cm.user_id")
    .select(["cm.user_id as memberId", "u.display_name as displayName", "cm.role", "cm.check_on_me"])
    .where("cm.person_id", "=", personId)
    .orderBy("u.display_name")
    .execute();
  return rows.map((r) => ({ memberId: r.memberId, displayName: r.displayName, roleLabel: CIRCLE_ROLES[r.role] ?? r.role, checkOnMe: r.check_on_me === 1 }));
}

async function displayName(db: Kysely<Database>, userId: string): Promise<string> {
  const row = await db.selectFrom("users").select("display_name").where("id", "=", userId).executeTakeFirst();
  return row?.display_name ?? "";
}

export interface PersonSettings {
  role: CircleRole;
  shares: CircleShares;
  checkOnMe: boolean;
  muted: boolean;
}

/**
 * The member changes what a person sees (and their role, "check on me", mute) at once. A care-team
 * role stays only for care-team staff. 404 when the person is not in the member's circle.
 */
export async function updatePerson(db: Kysely<Database>, memberId: string, personId: string, input: PersonSettings, now = clockNow()): Promise<void> {
  const shares = await checkShares(db, memberId, input.shares);
  await inTransaction(db, async (tx) => {
    const row = await tx.selectFrom("circle_members").selectAll().where("user_id", "=", memberId).where("person_id", "=", personId).executeTakeFirst();
    if (!row) throw circleNotFound();
    if (input.role === "care_team" && row.role !== "care_team") {
      const staff = await tx.selectFrom("user_staff_roles").select("role").where("user_id", "=", personId).where("role", "=", "care_team").executeTakeFirst();
      if (!staff) throw new CircleRuleError("Only members of the care team (staff an admin names) can be added as care team. Choose another role.", "role");
    }
    const before = linkOf(row);
    await tx
      .updateTable("circle_members")
      .set({ role: input.role, ...shareColumns(shares), check_on_me: input.checkOnMe ? 1 : 0, muted: input.muted ? 1 : 0, updated_at: now.toISOString() })
      .where("id", "=", row.id)
      .execute();
    const personName = await displayName(tx, personId);
    const sharesChanged = JSON.stringify(before.shares) !== JSON.stringify(shares) || before.role !== input.role;
    if (sharesChanged) {
      await recordCircleEvent(tx, { memberId, personId, personName, kind: "shares_changed", detail: { role: CIRCLE_ROLES[input.role], items: sharedItems(shares) } }, now);
    }
    if (before.checkOnMe !== input.checkOnMe) await recordCircleEvent(tx, { memberId, personId, personName, kind: "check_on_me", detail: { on: input.checkOnMe } }, now);
    if (before.muted !== input.muted) await recordCircleEvent(tx, { memberId, personId, personName, kind: input.muted ? "muted" : "unmuted" }, now);
  });
}

/** The member ends a share: the person is told it ended (not why), and their circle page is gone. */
export async function endShare(db: Kysely<Database>, memberId: string, personId: string, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const removed = await tx.deleteFrom("circle_members").where("user_id", "=", memberId).where("person_id", "=", personId).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw circleNotFound();
    await recordCircleEvent(tx, { memberId, personId, personName: await displayName(tx, personId), kind: "ended" }, now);
    await notify(tx, { userId: personId, type: "circle_update", actorId: memberId, data: { change: "ended" } });
  });
}

/** A person leaves a member's circle; the member's history says so and the member is told. */
export async function leaveCircle(db: Kysely<Database>, memberId: string, personId: string, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const removed = await tx.deleteFrom("circle_members").where("user_id", "=", memberId).where("person_id", "=", personId).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw circleNotFound();
    await recordCircleEvent(tx, { memberId, personId, personName: await displayName(tx, personId), kind: "left" }, now);
    await notify(tx, { userId: memberId, type: "circle_update", actorId: personId, data: { change: "left" } });
  });
}

/** The member's trackers as the share form lists them (id and name, opened for the member). */
export async function trackerChoices(db: Kysely<Database>, memberId: string, timeZone: string): Promise<{ id: number; name: string }[]> {
  const { getMilestoneSet, listTrackers } = await import("../recovery-trackers.server");
  const trackers = await listTrackers(db, memberId, await getMilestoneSet(db), timeZone);
  return trackers.map((t) => ({ id: t.id, name: t.name }));
}

/** Whether the member has anyone in their circle (the Reach out button says what to do otherwise). */
export async function circleHasPeople(db: Kysely<Database>, memberId: string): Promise<boolean> {
  return !!(await db.selectFrom("circle_members").select("id").where("user_id", "=", memberId).limit(1).executeTakeFirst());
}
