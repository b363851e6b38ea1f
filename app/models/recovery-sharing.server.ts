/**
 * Sharing a milestone, only by choice: the member picks one reached milestone of their current
 * streak and one group they belong to, and Harbor posts a short celebration there ("Sam R.
 * celebrates 90 days"). The post says nothing else — not the tracker's name, not the date, not
 * any number but the milestone. It goes through the group's usual posting rules (sanctions,
 * approval) like any other post.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTransaction, isUniqueViolation } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import type { MilestoneSet } from "../utils/sobriety";
import { getGroupAccessById } from "./groups.server";
import { moderationHooks, screenPost } from "./posting-rules.server";
import { getTracker, notFound, RecoveryRuleError, summarizeTracker } from "./recovery-trackers.server";
import { createThread } from "./threads.server";

export interface SharingMember {
  id: string;
  role: string;
  time_zone: string;
  display_name: string;
}

/** The whole text of a shared milestone. */
export function celebrationText(displayName: string, label: string): { title: string; body: string } {
  return { title: `${displayName} celebrates ${label}`, body: `${displayName} celebrates **${label}**. One day at a time.` };
}

/** Which milestones of this tracker were shared, and where (for the owner's tracker page). */
export async function listShares(db: Kysely<Database>, userId: string, trackerId: number) {
  return db
    .selectFrom("recovery_milestone_shares")
    .leftJoin("groups", "groups.id", "recovery_milestone_shares.group_id")
    .select(["recovery_milestone_shares.streak_start", "recovery_milestone_shares.milestone_days", "recovery_milestone_shares.thread_id", "groups.slug", "groups.name"])
    .where("recovery_milestone_shares.user_id", "=", userId)
    .where("recovery_milestone_shares.tracker_id", "=", trackerId)
    .orderBy("recovery_milestone_shares.id", "desc")
    .limit(200)
    .execute();
}

export async function shareMilestone(
  db: Kysely<Database>,
  member: SharingMember,
  input: { trackerId: string | number; milestoneDays: number; groupId: number; clientToken: string | null },
  set: MilestoneSet,
  instant = clockNow(),
): Promise<{ slug: string; threadId: number; held: boolean }> {
  const tracker = await getTracker(db, member.id, input.trackerId);
  if (!tracker) throw notFound();
  const summary = summarizeTracker(tracker, set, instant, member.time_zone);
  const milestone = summary.reached.find((m) => m.days === input.milestoneDays);
  if (!milestone) throw new RecoveryRuleError("You can share a milestone once you have reached it in your current streak.", "milestone");
  const access = await getGroupAccessById(db, input.groupId, member);
  if (!access?.canPost) throw new RecoveryRuleError("Choose one of the groups you belong to.", "groupId");
  const already = await db
    .selectFrom("recovery_milestone_shares")
    .select("id")
    .where("tracker_id", "=", tracker.id)
    .where("streak_start", "=", summary.current.start)
    .where("milestone_days", "=", milestone.days)
    .executeTakeFirst();
  if (already) throw new RecoveryRuleError("You've already shared this milestone.", "form", 409);
  const text = celebrationText(member.display_name, milestone.label);
  const screen = await screenPost(
    db,
    { user: member, groupId: access.group.id, isModerator: access.isModerator, threadId: null, title: text.title, body: text.body, clientToken: input.clientToken },
    instant,
  );
  if (!screen.ok) throw new RecoveryRuleError(screen.message, "form", screen.status === 429 || screen.status === 403 ? 409 : 400);
  try {
    return await inTransaction(db, async (tx) => {
      const { threadId } = await createThread(tx, access.group.id, member.id, { ...text, clientToken: input.clientToken, ...moderationHooks(screen) }, instant);
      await tx
        .insertInto("recovery_milestone_shares")
        .values({
          tracker_id: tracker.id,
          user_id: member.id,
          streak_start: summary.current.start,
          milestone_days: milestone.days,
          label: milestone.label,
          group_id: access.group.id,
          thread_id: threadId,
          created_at: instant.toISOString(),
        })
        .execute();
      return { slug: access.group.slug, threadId, held: screen.hold };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new RecoveryRuleError("You've already shared this milestone.", "form", 409);
    throw error;
  }
}
