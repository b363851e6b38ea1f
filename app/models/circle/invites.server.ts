/**
 * Invitations into a member's support circle: to another member by display name (someone in a group
 * they share, or care-team staff), or to anyone by a single-use link that expires and can be
 * withdrawn (only a hash of its secret is stored, like group invite links). The person accepts after
 * signing in or signing up; the shares chosen with the invitation become theirs.
 */
import type { Kysely } from "kysely";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Database } from "../../../db/schema";
import type { CircleRole } from "../../../db/schema/circle";
import { inTransaction, isUniqueViolation } from "../../../db/client";
import { randomId } from "../../utils/ids.server";
import { now as clockNow } from "../../utils/clock.server";
import { ACCEPT_REFUSALS, circleAcceptRefusal, circleInviteRefusal, CIRCLE_ROLES, INVITE_REFUSALS, type CircleShares } from "../../policy/circle";
import { notify } from "../notify.server";
import { displayNameKey } from "../users.server";
import { circleBlocked } from "./blocking.server";
import { recordCircleEvent } from "./history.server";
import { checkShares, CIRCLE_MAX_PEOPLE, CircleRuleError, sharedItems, shareColumns, sharesOf } from "./people.server";
import { getStaffRoles } from "./staff-roles.server";

export const CIRCLE_INVITE_DAYS = 7;
const MAX_OPEN_INVITES = 20;

function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

async function sharesAGroup(db: Kysely<Database>, a: string, b: string): Promise<boolean> {
  const row = await db
    .selectFrom("group_members as mine")
    .innerJoin("group_members as theirs", "theirs.group_id", "mine.group_id")
    .select("mine.group_id")
    .where("mine.user_id", "=", a)
    .where("theirs.user_id", "=", b)
    .executeTakeFirst();
  return !!row;
}

/** Invitations still open at `now` (circle_invites as ci): not used, not withdrawn, not expired. */
function openInvites(db: Kysely<Database>, now: Date) {
  return db.selectFrom("circle_invites as ci").where("ci.used_at", "is", null).where("ci.revoked_at", "is", null).where("ci.expires_at", ">", now.toISOString());
}

async function openInviteCount(db: Kysely<Database>, memberId: string, now: Date): Promise<number> {
  const rows = await openInvites(db, now)
    .select("ci.id")
    .where("ci.user_id", "=", memberId)
    .limit(MAX_OPEN_INVITES + 1)
    .execute();
  return rows.length;
}

async function circleSize(db: Kysely<Database>, memberId: string): Promise<number> {
  const rows = await db
    .selectFrom("circle_members")
    .select("id")
    .where("user_id", "=", memberId)
    .limit(CIRCLE_MAX_PEOPLE + 1)
    .execute();
  return rows.length;
}

export interface InviteInput {
  role: CircleRole;
  shares: CircleShares;
}

async function checkRoom(db: Kysely<Database>, memberId: string, now: Date) {
  if ((await circleSize(db, memberId)) >= CIRCLE_MAX_PEOPLE) throw new CircleRuleError(`A circle holds up to ${CIRCLE_MAX_PEOPLE} people. End a share first.`);
  if ((await openInviteCount(db, memberId, now)) >= MAX_OPEN_INVITES) throw new CircleRuleError(`You have ${MAX_OPEN_INVITES} invitations waiting. Withdraw some first.`);
}

/** Invites a member by display name. Refusals are field errors at "name"; nothing is saved then. */
export async function inviteByName(db: Kysely<Database>, memberId: string, name: string, input: InviteInput, now = clockNow()): Promise<{ personName: string }> {
  const shares = await checkShares(db, memberId, input.shares);
  const target = await db.selectFrom("users").select(["id", "display_name"]).where("display_name_key", "=", displayNameKey(name)).executeTakeFirst();
  const targetId = target?.id ?? null;
  const [sharesGroup, staffRoles, link, pending, blocked] = targetId
    ? await Promise.all([
        sharesAGroup(db, memberId, targetId),
        getStaffRoles(db, targetId),
        db.selectFrom("circle_members").select("id").where("user_id", "=", memberId).where("person_id", "=", targetId).executeTakeFirst(),
        openInvites(db, now).select("ci.id").where("ci.user_id", "=", memberId).where("ci.invitee_id", "=", targetId).executeTakeFirst(),
        circleBlocked(db, memberId, targetId),
      ])
    : [false, [], undefined, undefined, false];
  const refusal = circleInviteRefusal({
    ownerId: memberId,
    targetId,
    sharesGroup,
    targetStaffRoles: staffRoles,
    role: input.role,
    alreadyIn: !!link,
    alreadyInvited: !!pending,
    blocked,
  });
  if (refusal)
    throw new CircleRuleError(INVITE_REFUSALS[refusal], refusal === "care_team_only" ? "role" : "name", refusal === "already_in" || refusal === "already_invited" ? 409 : 400);
  await checkRoom(db, memberId, now);
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto("circle_invites")
      .values({
        user_id: memberId,
        invitee_id: targetId,
        token_hash: null,
        role: input.role,
        ...shareColumns(shares),
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + CIRCLE_INVITE_DAYS * 86_400_000).toISOString(),
        revoked_at: null,
        used_at: null,
      })
      .execute();
    await recordCircleEvent(
      tx,
      { memberId, personId: targetId, personName: target!.display_name, kind: "invited", detail: { role: CIRCLE_ROLES[input.role], items: sharedItems(shares) } },
      now,
    );
    await notify(tx, { userId: targetId!, type: "circle_invite", actorId: memberId, data: { memberId } });
  });
  return { personName: target!.display_name };
}

/** A new single-use invite link; its secret is returned once and never stored. */
export async function createInviteLink(db: Kysely<Database>, memberId: string, input: InviteInput, now = clockNow()): Promise<{ token: string; expiresAt: string }> {
  const shares = await checkShares(db, memberId, input.shares);
  await checkRoom(db, memberId, now);
  const token = randomId(20);
  const expiresAt = new Date(now.getTime() + CIRCLE_INVITE_DAYS * 86_400_000).toISOString();
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto("circle_invites")
      .values({
        user_id: memberId,
        invitee_id: null,
        token_hash: hashToken(token),
        role: input.role,
        ...shareColumns(shares),
        created_at: now.toISOString(),
        expires_at: expiresAt,
        revoked_at: null,
        used_at: null,
      })
      .execute();
    await recordCircleEvent(tx, { memberId, kind: "invite_link", detail: { role: CIRCLE_ROLES[input.role], items: sharedItems(shares) } }, now);
  });
  return { token, expiresAt };
}

/** The member's invitations still waiting (by name and links), newest first. */
export async function listOpenInvites(db: Kysely<Database>, memberId: string, now = clockNow()) {
  const rows = await openInvites(db, now)
    .leftJoin("users as u", "u.id", "ci.invitee_id")
    .select(["ci.id", "ci.role", "ci.created_at", "ci.expires_at", "u.display_name", "ci.share_tracker_id", "ci.share_checkins", "ci.share_meetings", "ci.share_plan"])
    .where("ci.user_id", "=", memberId)
    .orderBy("ci.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personName: r.display_name,
    roleLabel: CIRCLE_ROLES[r.role] ?? r.role,
    items: sharedItems(sharesOf(r)),
    expiresAt: r.expires_at,
  }));
}

/**
 * Closes an invitation still open (not used, not withdrawn) that belongs to `userId` on the given
 * side (the member who sent it, or the person invited): undefined when there is none.
 */
async function revokeOpenInvite(tx: Kysely<Database>, inviteId: number, side: "user_id" | "invitee_id", userId: string, now: Date) {
  const invite = await tx
    .selectFrom("circle_invites as ci")
    .leftJoin("users as p", "p.id", "ci.invitee_id")
    .select(["ci.id", "ci.user_id", "ci.invitee_id", "p.display_name"])
    .where("ci.id", "=", inviteId)
    .where(`ci.${side}`, "=", userId)
    .where("ci.used_at", "is", null)
    .where("ci.revoked_at", "is", null)
    .executeTakeFirst();
  if (invite) await tx.updateTable("circle_invites").set({ revoked_at: now.toISOString() }).where("id", "=", invite.id).execute();
  return invite;
}

/** The member withdraws an invitation of theirs (404 for anyone else's). */
export async function withdrawInvite(db: Kysely<Database>, memberId: string, inviteId: number, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const invite = await revokeOpenInvite(tx, inviteId, "user_id", memberId, now);
    if (!invite) throw new CircleRuleError("That invitation was already used, withdrawn or has expired.", "form", 404);
    await recordCircleEvent(tx, { memberId, personId: invite.invitee_id, personName: invite.display_name ?? "", kind: "invite_withdrawn" }, now);
  });
}

export interface FoundInvite {
  id: number;
  memberId: string;
  memberName: string;
  inviteeId: string | null;
  role: CircleRole;
  roleLabel: string;
  items: string[];
  usable: boolean;
}

async function findInvite(db: Kysely<Database>, where: { token?: string; id?: number }, now: Date): Promise<FoundInvite | null> {
  let query = db
    .selectFrom("circle_invites as ci")
    .innerJoin("users as m", "m.id", "ci.user_id")
    .select([
      "ci.id",
      "ci.user_id",
      "ci.invitee_id",
      "ci.role",
      "ci.expires_at",
      "ci.revoked_at",
      "ci.used_at",
      "ci.share_tracker_id",
      "ci.share_checkins",
      "ci.share_meetings",
      "ci.share_plan",
      "m.display_name",
    ]);
  if (where.token !== undefined) query = query.where("ci.token_hash", "=", hashToken(where.token));
  else query = query.where("ci.id", "=", where.id ?? -1);
  const row = await query.executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    memberId: row.user_id,
    memberName: row.display_name,
    inviteeId: row.invitee_id,
    role: row.role,
    roleLabel: CIRCLE_ROLES[row.role] ?? row.role,
    items: sharedItems(sharesOf(row)),
    usable: !row.used_at && !row.revoked_at && Date.parse(row.expires_at) > now.getTime(),
  };
}

/** The invitation a link opens (null: no such link). */
export function findInviteLink(db: Kysely<Database>, token: string, now = clockNow()): Promise<FoundInvite | null> {
  if (!/^[A-Za-z0-9_-]{8,100}$/.test(token)) return Promise.resolve(null);
  return findInvite(db, { token }, now);
}

/** Invitations by name waiting for this person. */
export async function listInvitationsFor(db: Kysely<Database>, personId: string, now = clockNow()) {
  const rows = await openInvites(db, now)
    .innerJoin("users as m", "m.id", "ci.user_id")
    .select(["ci.id", "ci.role", "m.display_name", "ci.share_tracker_id", "ci.share_checkins", "ci.share_meetings", "ci.share_plan"])
    .where("ci.invitee_id", "=", personId)
    .orderBy("ci.id", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    memberName: r.display_name,
    roleLabel: CIRCLE_ROLES[r.role] ?? r.role,
    items: sharedItems(sharesOf(r)),
  }));
}

/**
 * The person accepts an invitation (a link's, or one by name addressed to them): they join the
 * circle with the shares chosen in it, the invitation is used up, the member is told. A refusal
 * (expired, withdrawn, already in, not care team, blocked) saves nothing.
 */
export async function acceptCircleInvite(db: Kysely<Database>, personId: string, by: { token: string } | { id: number }, now = clockNow()): Promise<{ memberId: string }> {
  const invite = "token" in by ? await findInviteLink(db, by.token, now) : await findInvite(db, { id: by.id }, now);
  // An invitation by name is for its invitee alone: to anyone else it doesn't exist.
  if (!invite || (invite.inviteeId !== null && invite.inviteeId !== personId) || ("token" in by && invite.inviteeId !== null)) throw new CircleRuleError("Not found", "form", 404);
  const [staffRoles, existing, blocked] = await Promise.all([
    getStaffRoles(db, personId),
    db.selectFrom("circle_members").select("id").where("user_id", "=", invite.memberId).where("person_id", "=", personId).executeTakeFirst(),
    circleBlocked(db, invite.memberId, personId),
  ]);
  const refusal = circleAcceptRefusal({
    ownerId: invite.memberId,
    personId,
    role: invite.role,
    personStaffRoles: staffRoles,
    alreadyIn: !!existing,
    usable: invite.usable,
    blocked,
  });
  if (refusal) throw new CircleRuleError(ACCEPT_REFUSALS[refusal], "form", refusal === "unusable" ? 410 : 409);
  try {
    await inTransaction(db, async (tx) => {
      const used = await tx
        .updateTable("circle_invites")
        .set({ used_at: now.toISOString() })
        .where("id", "=", invite.id)
        .where("used_at", "is", null)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) === 0) throw new CircleRuleError(ACCEPT_REFUSALS.unusable, "form", 410);
      const row = await tx.selectFrom("circle_invites").selectAll().where("id", "=", invite.id).executeTakeFirstOrThrow();
      await tx
        .insertInto("circle_members")
        .values({
          user_id: invite.memberId,
          person_id: personId,
          role: invite.role,
          share_tracker_id: row.share_tracker_id,
          share_checkins: row.share_checkins,
          share_meetings: row.share_meetings,
          share_plan: row.share_plan,
          check_on_me: 0,
          muted: 0,
          joined_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .execute();
      const person = await tx.selectFrom("users").select("display_name").where("id", "=", personId).executeTakeFirstOrThrow();
      await recordCircleEvent(
        tx,
        { memberId: invite.memberId, personId, personName: person.display_name, kind: "accepted", detail: { role: invite.roleLabel, items: invite.items } },
        now,
      );
      await notify(tx, { userId: invite.memberId, type: "circle_update", actorId: personId, data: { change: "accepted" } });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new CircleRuleError(ACCEPT_REFUSALS.already_in, "form", 409);
    throw error;
  }
  return { memberId: invite.memberId };
}

/** The invitee declines an invitation by name; the member's history says so. */
export async function declineCircleInvite(db: Kysely<Database>, personId: string, inviteId: number, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const invite = await revokeOpenInvite(tx, inviteId, "invitee_id", personId, now);
    if (!invite) throw new CircleRuleError("Not found", "form", 404);
    await recordCircleEvent(tx, { memberId: invite.user_id, personId, personName: invite.display_name ?? "", kind: "declined" }, now);
  });
}
