/** Thread tools: pin, lock, slow mode and move, each audited. */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { uncountThread } from "../groups.server";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { reindexThreadGroup } from "../search.server";
import { recordAudit } from "./audit.server";
import { ModerationError } from "./error.server";
import { canModerate, moderatorScope } from "./scope.server";

export type ThreadTool = "pin" | "unpin" | "lock" | "unlock" | "move" | "slow_mode";

export async function threadTool(
  db: Kysely<Database>,
  actor: { id: string; role: string },
  threadId: number,
  input: { tool: ThreadTool; reason: string; toGroupId?: number; slowModeMinutes?: number },
  now = clockNow(),
): Promise<{ message: string; groupId: number }> {
  return inTransaction(db, async (tx) => {
    const scope = await moderatorScope(tx, actor);
    const thread = await tx.selectFrom("threads").selectAll().where("id", "=", threadId).where("deleted_at", "is", null).executeTakeFirst();
    if (!thread || !canModerate(scope, thread.group_id)) throw new ModerationError("Not found", 404);
    const base = { actorId: actor.id, groupId: thread.group_id, subjectUserId: thread.author_id, threadId, reason: input.reason };
    switch (input.tool) {
      case "pin":
      case "unpin": {
        const value = input.tool === "pin" ? 1 : 0;
        await tx.updateTable("threads").set({ is_pinned: value }).where("id", "=", threadId).execute();
        await recordAudit(tx, { ...base, action: `thread.${input.tool}`, before: { pinned: thread.is_pinned === 1 }, after: { pinned: value === 1 } }, now);
        return { message: value ? "Pinned to the top of the board." : "Unpinned.", groupId: thread.group_id };
      }
      case "lock":
      case "unlock": {
        const value = input.tool === "lock" ? 1 : 0;
        await tx.updateTable("threads").set({ is_locked: value }).where("id", "=", threadId).execute();
        await recordAudit(tx, { ...base, action: `thread.${input.tool}`, before: { locked: thread.is_locked === 1 }, after: { locked: value === 1 } }, now);
        return { message: value ? "Locked: members can read it but not reply." : "Unlocked.", groupId: thread.group_id };
      }
      case "slow_mode": {
        const minutes = Math.max(0, Math.min(24 * 60, Math.floor(input.slowModeMinutes ?? 0)));
        await tx.updateTable("threads").set({ slow_mode_minutes: minutes }).where("id", "=", threadId).execute();
        await recordAudit(tx, { ...base, action: "thread.slow_mode", before: { minutes: thread.slow_mode_minutes }, after: { minutes } }, now);
        return { message: minutes ? `Slow mode on: one post per member every ${minutes} minutes.` : "Slow mode off.", groupId: thread.group_id };
      }
      case "move": {
        const to = input.toGroupId;
        if (!to || to === thread.group_id) throw new ModerationError("Choose another group to move the thread to.", 400);
        if (!canModerate(scope, to)) throw new ModerationError("You can only move threads into groups you moderate.", 403);
        const target = await tx.selectFrom("groups").select(["id", "name"]).where("id", "=", to).executeTakeFirst();
        if (!target) throw new ModerationError("That group is no longer here.", 404);
        await tx.updateTable("threads").set({ group_id: to }).where("id", "=", threadId).execute();
        await tx.updateTable("posts").set({ group_id: to }).where("thread_id", "=", threadId).execute();
        await reindexThreadGroup(tx, threadId);
        await tx.updateTable("review_items").set({ group_id: to }).where("thread_id", "=", threadId).where("status", "=", "open").execute();
        if (thread.status === "published") {
          await uncountThread(tx, thread.group_id);
          await tx
            .updateTable("groups")
            .set((eb) => ({ thread_count: eb("thread_count", "+", 1) }))
            .where("id", "=", to)
            .execute();
        }
        await recordAudit(tx, { ...base, action: "thread.move", before: { groupId: thread.group_id }, after: { groupId: to } }, now);
        return { message: `Moved to ${target.name}.`, groupId: to };
      }
    }
  });
}
