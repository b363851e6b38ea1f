/**
 * Blocking and unblocking a member, the member's block list (Settings → Blocked members, and their
 * data download). What a block changes is asked of app/policy/blocks.ts wherever it matters: the
 * thread page, notifications, reactions, private messages, support circles. Nobody is told.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { blockRefusal, blockRelations, type BlockRelations } from "../policy/blocks";
import { now as clockNow } from "../utils/clock.server";

export class BlockError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

/** Blocks the member (again: nothing changes). Returns their display name. */
export async function blockMember(db: Kysely<Database>, blockerId: string, blockedId: string, now = clockNow()): Promise<string> {
  const target = await db.selectFrom("users").select(["id", "display_name"]).where("id", "=", blockedId).executeTakeFirst();
  const refusal = blockRefusal(blockerId, target);
  if (refusal) throw new BlockError(refusal, target ? 400 : 404);
  await db
    .insertInto("member_blocks")
    .values({ blocker_id: blockerId, blocked_id: blockedId, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["blocker_id", "blocked_id"]).doNothing())
    .execute();
  return target!.display_name;
}

/** Unblocks; true when there was a block. */
export async function unblockMember(db: Kysely<Database>, blockerId: string, blockedId: string): Promise<boolean> {
  const result = await db.deleteFrom("member_blocks").where("blocker_id", "=", blockerId).where("blocked_id", "=", blockedId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Whom the member blocked, most recent first (their own list: who blocked them is never listed). */
export async function listBlocked(db: Kysely<Database>, blockerId: string) {
  return db
    .selectFrom("member_blocks")
    .innerJoin("users", "users.id", "member_blocks.blocked_id")
    .select(["users.id", "users.display_name as displayName", "member_blocks.created_at as since"])
    .where("member_blocks.blocker_id", "=", blockerId)
    .orderBy("member_blocks.created_at", "desc")
    .limit(1000)
    .execute();
}

/** Did this member block that one (one direction)? */
export async function hasBlocked(db: Kysely<Database>, blockerId: string, blockedId: string): Promise<boolean> {
  const row = await db.selectFrom("member_blocks").select("blocker_id").where("blocker_id", "=", blockerId).where("blocked_id", "=", blockedId).executeTakeFirst();
  return row !== undefined;
}

/** For the member's data download: the members they blocked, by name and date. */
export async function exportBlocks(db: Kysely<Database>, userId: string) {
  const rows = await listBlocked(db, userId);
  return rows.map((r) => ({ member: r.displayName, blockedAt: r.since }));
}

/** What a list across groups (search results) needs of a viewer in a block: their blocks, and the groups they moderate (where blocks change nothing). */
export interface BlocksAcrossGroups {
  relations: BlockRelations;
  moderates: ReadonlySet<number>;
}

/** Loaded only when the list's own statement said the viewer is in a block (most members: never). */
export async function blocksAcrossGroups(db: Kysely<Database>, userId: string): Promise<BlocksAcrossGroups> {
  const [relations, rows] = await Promise.all([
    blockRelations(db, userId),
    db.selectFrom("group_members").select("group_id").where("user_id", "=", userId).where("role", "=", "moderator").execute(),
  ]);
  return { relations, moderates: new Set(rows.map((r) => r.group_id)) };
}
