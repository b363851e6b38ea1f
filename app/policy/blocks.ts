/**
 * Blocks between members: is there one, either way? A block works both ways for what each sees of
 * the other (posts, mentions, reactions, messages, support circles), and is silent: the blocked
 * member is never told, so what they meet is the same as a member who simply isn't there.
 * Moderators still see everything in the groups they moderate (the callers leave that out).
 *
 * Written once as a question to the database (`isBlockedBetween`), as a Kysely expression for the
 * same rule inside a query (`blockedBetweenSql`), and as the viewer's whole block list loaded once
 * per page (`blockRelations`) for collapsing posts while rendering without a query per post.
 */
import { expressionBuilder, sql, type Expression, type Kysely, type SqlBool } from "kysely";
import type { Database } from "../../db/schema";

/** True when either member has blocked the other. */
export async function isBlockedBetween(db: Kysely<Database>, a: string, b: string): Promise<boolean> {
  if (a === b) return false;
  const row = await db
    .selectFrom("member_blocks")
    .select("blocker_id")
    .where((eb) => eb.or([eb.and([eb("blocker_id", "=", a), eb("blocked_id", "=", b)]), eb.and([eb("blocker_id", "=", b), eb("blocked_id", "=", a)])]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * `isBlockedBetween(userId, <column>)` inside a query: true where the member in `otherColumn`
 * (e.g. `"posts.author_id"`, `"n.actor_id"`) and `userId` are blocked either way. Use it negated
 * (`eb.not(blockedBetweenSql(...))`) to leave such rows out. A null column is never blocked.
 */
export function blockedBetweenSql(userId: string, otherColumn: string): Expression<SqlBool> {
  const eb = expressionBuilder<Database, never>();
  const other = sql.ref<string>(otherColumn);
  return eb.or([
    eb.exists(eb.selectFrom("member_blocks as policy_mb").select("policy_mb.blocker_id").where("policy_mb.blocker_id", "=", userId).where("policy_mb.blocked_id", "=", other)),
    eb.exists(eb.selectFrom("member_blocks as policy_mb2").select("policy_mb2.blocker_id").where("policy_mb2.blocked_id", "=", userId).where("policy_mb2.blocker_id", "=", other)),
  ]);
}

/** Whether the viewer is in any block at all (one cheap scalar for a page's first statement: most members are in none). */
export function inAnyBlockSql(userId: string): Expression<SqlBool> {
  const eb = expressionBuilder<Database, never>();
  return eb.or([
    eb.exists(eb.selectFrom("member_blocks as policy_mb3").select("policy_mb3.blocker_id").where("policy_mb3.blocker_id", "=", userId)),
    eb.exists(eb.selectFrom("member_blocks as policy_mb4").select("policy_mb4.blocker_id").where("policy_mb4.blocked_id", "=", userId)),
  ]);
}

/** The viewer's blocks: whom they blocked, and who blocked them (never shown to them: it only leaves things out). */
export interface BlockRelations {
  blocked: ReadonlySet<string>;
  blockedBy: ReadonlySet<string>;
}

export const NO_BLOCKS: BlockRelations = { blocked: new Set(), blockedBy: new Set() };

/** Both directions in one query (two index ranges). */
export async function blockRelations(db: Kysely<Database>, userId: string | null): Promise<BlockRelations> {
  if (!userId) return NO_BLOCKS;
  const rows = await db
    .selectFrom("member_blocks")
    .select(["blocker_id", "blocked_id"])
    .where((eb) => eb.or([eb("blocker_id", "=", userId), eb("blocked_id", "=", userId)]))
    .limit(5000)
    .execute();
  if (rows.length === 0) return NO_BLOCKS;
  const blocked = new Set<string>();
  const blockedBy = new Set<string>();
  for (const r of rows) {
    if (r.blocker_id === userId) blocked.add(r.blocked_id);
    else blockedBy.add(r.blocker_id);
  }
  return { blocked, blockedBy };
}

/**
 * How the viewer sees a post by this author: as usual, collapsed ("you blocked this member",
 * expandable for them), or not at all (its author blocked the viewer). Moderators of the group see
 * everything as usual.
 */
export function postVisibilityForBlocks(relations: BlockRelations, authorId: string | null, isModerator: boolean): "shown" | "collapsed" | "left_out" {
  if (isModerator || !authorId) return "shown";
  if (relations.blocked.has(authorId)) return "collapsed";
  if (relations.blockedBy.has(authorId)) return "left_out";
  return "shown";
}

/** May this member block that one? Anyone but themselves. */
export function blockRefusal(blockerId: string, target: { id: string } | undefined): string | null {
  if (!target) return "That member is no longer here.";
  if (target.id === blockerId) return "You can't block yourself.";
  return null;
}
