/**
 * A member's circle page as one person sees it: exactly the items the member shared with them
 * (the view from app/policy/circle.ts), read from the member's own records. Nothing else is
 * queried, so nothing else can leak: no journal, no slip notes, no taper log, no check-in notes.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import { addDays, localToday } from "../../utils/sobriety";
import type { CircleView } from "../../policy/circle";
import { attendanceSummary } from "../meeting-attendance.server";
import { getPlan } from "../recovery-plan.server";
import { getMilestoneSet, getTracker, summarizeTracker } from "../recovery-trackers.server";

export const CIRCLE_CHECKIN_DAYS = 14;

export interface SharedTracker {
  name: string;
  days: number;
  since: string;
  reached: { label: string; color: string; date: string }[];
  next: { label: string; daysToGo: number } | null;
}

export interface CirclePageData {
  memberName: string;
  tracker: SharedTracker | null;
  checkins: { day: string; mood: number; cravings: number }[] | null;
  meetings: { lastNinetyDays: number; weeks: { start: string; count: number }[] } | null;
  plan: Awaited<ReturnType<typeof getPlan>>["plan"] | null;
}

/** What the viewer may see of the member, as the view allows (the caller asked the policy first). */
export async function circlePageData(db: Kysely<Database>, view: CircleView, now = clockNow()): Promise<CirclePageData | null> {
  const member = await db.selectFrom("users").select(["display_name", "time_zone"]).where("id", "=", view.memberId).executeTakeFirst();
  if (!member) return null;
  const zone = member.time_zone;
  let tracker: SharedTracker | null = null;
  if (view.tracker !== null) {
    const record = await getTracker(db, view.memberId, view.tracker);
    if (record) {
      const summary = summarizeTracker(record, await getMilestoneSet(db), now, zone);
      tracker = {
        name: record.name,
        days: summary.current.days,
        since: summary.current.start,
        reached: summary.reached.map((m) => ({ label: m.label, color: m.color, date: m.date })),
        next: summary.next ? { label: summary.next.label, daysToGo: summary.next.daysToGo } : null,
      };
    }
  }
  let checkins: CirclePageData["checkins"] = null;
  if (view.checkins) {
    const today = localToday(now, zone);
    // Mood and cravings only: the check-in's note and sleep stay the member's.
    const rows = await db
      .selectFrom("recovery_checkins")
      .select(["day", "mood", "cravings"])
      .where("user_id", "=", view.memberId)
      .where("day", ">", addDays(today, -CIRCLE_CHECKIN_DAYS))
      .where("day", "<=", today)
      .orderBy("day", "desc")
      .execute();
    checkins = rows;
  }
  let meetings: CirclePageData["meetings"] = null;
  if (view.meetings) {
    const summary = await attendanceSummary(db, view.memberId, zone, null, now);
    meetings = { lastNinetyDays: summary.ninety, weeks: summary.weeks.slice(0, 4) };
  }
  const plan = view.plan ? (await getPlan(db, view.memberId)).plan : null;
  return { memberName: member.display_name, tracker, checkins, meetings, plan };
}
