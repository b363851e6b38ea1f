/**
 * Joining a group other than by being added: at once (public groups), by a request a moderator
 * answers (private groups), or by an invite link (hidden groups; only a hash of the link is stored).
 */
import type { Kysely } from "kysely";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Database } from "../../db/schema";
import { isUniqueViolation, inTransaction } from "../../db/client";
import { randomId } from "../utils/ids.server";
import { now as clockNow } from "../utils/clock.server";
import type { GroupAccess } from "../policy/groups";
import { addMember } from "./groups.server";
import { notify } from "./notify.server";

export class GroupRuleError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 = 409,
  ) {
    super(message);
  }
}

/** Joining a public group: immediate. */
export async function joinPublicGroup(db: Kysely<Database>, access: GroupAccess, userId: string): Promise<void> {
  if (access.group.visibility !== "public") throw new GroupRuleError("This group takes members by request or invitation.", 403);
  await addMember(db, access.group.id, userId);
}

/** Asking to join a private group; one open request at a time. */
export async function requestToJoin(db: Kysely<Database>, access: GroupAccess, userId: string, message: string, now = clockNow()): Promise<void> {
  if (access.group.visibility !== "private") throw new GroupRuleError("This group doesn't take requests.", 403);
  if (access.isMember) throw new GroupRuleError("You're already a member of this group.");
  try {
    await db.insertInto("group_join_requests").values({ group_id: access.group.id, user_id: userId, message, created_at: now.toISOString() }).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new GroupRuleError("You've already asked to join. A moderator will answer soon.");
    throw error;
  }
}

export async function pendingRequestOf(db: Kysely<Database>, groupId: number, userId: string) {
  return db
    .selectFrom("group_join_requests")
    .select(["id", "created_at", "message"])
    .where("group_id", "=", groupId)
    .where("user_id", "=", userId)
    .where("status", "=", "pending")
    .executeTakeFirst();
}

export async function withdrawRequest(db: Kysely<Database>, groupId: number, userId: string, now = clockNow()): Promise<boolean> {
  const result = await db
    .updateTable("group_join_requests")
    .set({ status: "withdrawn", decided_at: now.toISOString() })
    .where("group_id", "=", groupId)
    .where("user_id", "=", userId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A moderator's answer to a request. The request must belong to this group and still be open. */
export async function decideRequest(
  db: Kysely<Database>,
  groupId: number,
  requestId: number,
  moderatorId: string,
  decision: { approve: boolean; message: string },
  now = clockNow(),
): Promise<{ userId: string }> {
  return inTransaction(db, async (tx) => {
    const request = await tx.selectFrom("group_join_requests").select(["id", "user_id", "status"]).where("id", "=", requestId).where("group_id", "=", groupId).executeTakeFirst();
    if (!request) throw new GroupRuleError("That request doesn't exist.", 404);
    if (request.status !== "pending") throw new GroupRuleError("That request has already been answered.");
    await tx
      .updateTable("group_join_requests")
      .set({ status: decision.approve ? "approved" : "declined", decided_at: now.toISOString(), decided_by: moderatorId, decision_message: decision.message })
      .where("id", "=", requestId)
      .execute();
    if (decision.approve) await addMember(tx, groupId, request.user_id, "member", now);
    await notify(tx, { userId: request.user_id, type: "join_request_decision", groupId, data: { approved: decision.approve, message: decision.message || null } });
    return { userId: request.user_id };
  });
}

export const PAGE_SIZE_REQUESTS = 25;

/** Open requests, oldest first (keyset on id). */
export async function listPendingRequests(db: Kysely<Database>, groupId: number, afterId?: number) {
  let query = db
    .selectFrom("group_join_requests")
    .innerJoin("users", "users.id", "group_join_requests.user_id")
    .select(["group_join_requests.id", "group_join_requests.message", "group_join_requests.created_at", "users.id as user_id", "users.display_name"])
    .where("group_join_requests.group_id", "=", groupId)
    .where("group_join_requests.status", "=", "pending")
    .orderBy("group_join_requests.id", "asc")
    .limit(PAGE_SIZE_REQUESTS + 1);
  if (afterId) query = query.where("group_join_requests.id", ">", afterId);
  const rows = await query.execute();
  return { requests: rows.slice(0, PAGE_SIZE_REQUESTS), nextAfter: rows.length > PAGE_SIZE_REQUESTS ? rows[PAGE_SIZE_REQUESTS - 1]!.id : null };
}

function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export const INVITE_DAYS = 14;

/** A new invite link's secret (shown once) for a group; only its hash is stored. */
export async function createInvite(db: Kysely<Database>, groupId: number, creatorId: string, days = INVITE_DAYS, now = clockNow()): Promise<{ token: string; expiresAt: string }> {
  const token = randomId(20);
  const expiresAt = new Date(now.getTime() + days * 24 * 60 * 60 * 1000).toISOString();
  await db
    .insertInto("group_invites")
    .values({ group_id: groupId, token_hash: hashToken(token), created_by: creatorId, created_at: now.toISOString(), expires_at: expiresAt, revoked_at: null })
    .execute();
  return { token, expiresAt };
}

export async function listInvites(db: Kysely<Database>, groupId: number) {
  return db
    .selectFrom("group_invites")
    .select(["id", "created_at", "expires_at", "revoked_at", "use_count"])
    .where("group_id", "=", groupId)
    .orderBy("id", "desc")
    .limit(50)
    .execute();
}

export async function revokeInvite(db: Kysely<Database>, groupId: number, inviteId: number, now = clockNow()): Promise<boolean> {
  const result = await db
    .updateTable("group_invites")
    .set({ revoked_at: now.toISOString() })
    .where("id", "=", inviteId)
    .where("group_id", "=", groupId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The group an invite link opens, if the link is still good. */
export async function findInvite(db: Kysely<Database>, token: string, now = clockNow()) {
  if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
  const invite = await db
    .selectFrom("group_invites")
    .innerJoin("groups", "groups.id", "group_invites.group_id")
    .select(["group_invites.id", "group_invites.expires_at", "group_invites.revoked_at", "groups.id as group_id", "groups.slug", "groups.name", "groups.description_html"])
    .where("group_invites.token_hash", "=", hashToken(token))
    .executeTakeFirst();
  if (!invite) return null;
  const usable = !invite.revoked_at && Date.parse(invite.expires_at) > now.getTime();
  return { ...invite, usable };
}

export async function acceptInvite(db: Kysely<Database>, token: string, userId: string, now = clockNow()): Promise<{ slug: string }> {
  const invite = await findInvite(db, token, now);
  if (!invite) throw new GroupRuleError("That invite link doesn't work. Ask the person who sent it for a new one.", 404);
  if (!invite.usable) throw new GroupRuleError("That invite link has expired or was withdrawn. Ask the person who sent it for a new one.", 409);
  await inTransaction(db, async (tx) => {
    const added = await addMember(tx, invite.group_id, userId, "member", now);
    if (added)
      await tx
        .updateTable("group_invites")
        .set((eb) => ({ use_count: eb("use_count", "+", 1) }))
        .where("id", "=", invite.id)
        .execute();
  });
  return { slug: invite.slug };
}
