/**
 * A signed-in member's home page: their own day at a glance — their counts (private: only ever
 * shown to them), whether they have checked in today, their next meetings and their groups with
 * something new. Composed from each area's own functions; a bounded number of queries.
 */
import type { Kysely } from "kysely";
import type { Database, User } from "../../db/schema";
import { listMyGroups } from "./groups.server";
import { listMyRsvps } from "./meetings.server";
import { getCheckin } from "./recovery-journal.server";
import { announceMilestones, getMilestoneSet, listTrackers } from "./recovery-trackers.server";
import { now as clockNow } from "../utils/clock.server";
import { durationMinutes, formatInstantRange, formatLocalDate, toLocal } from "../utils/meeting-time";
import { formatSpan, localToday } from "../utils/sobriety";

export const HOME_MEETINGS = 3;
export const HOME_GROUPS = 6;

export async function memberHome(db: Kysely<Database>, user: Pick<User, "id" | "role" | "time_zone">, instant = clockNow()) {
  const zone = user.time_zone;
  const set = await getMilestoneSet(db);
  const [trackers, checkin, rsvps, groups, settings] = await Promise.all([
    listTrackers(db, user.id, set, zone, instant),
    getCheckin(db, user.id, localToday(instant, zone)),
    listMyRsvps(db, { id: user.id, role: user.role }, instant.toISOString(), HOME_MEETINGS * 3),
    listMyGroups(db, user.id),
    db.selectFrom("users").select("discreet_mode").where("id", "=", user.id).executeTakeFirst(),
  ]);
  await announceMilestones(db, user.id, trackers);
  const meetings = rsvps
    .filter((r) => !r.cancelled)
    .slice(0, HOME_MEETINGS)
    .map((r) => ({
      slug: r.slug,
      name: r.name,
      group: r.group_name,
      day: formatLocalDate(toLocal(r.starts_at, zone).date),
      when: formatInstantRange(r.starts_at, new Date(Date.parse(r.starts_at) + durationMinutes(r.start_time, r.end_time) * 60_000).toISOString(), zone),
    }));
  const withNews = groups.filter((g) => g.unread > 0);
  const shownGroups = [...withNews, ...groups.filter((g) => g.unread === 0)].slice(0, HOME_GROUPS);
  return {
    trackers: trackers.map((t) => ({
      id: t.id,
      name: t.name,
      days: t.summary.current.days,
      span: formatSpan(t.summary.span),
      next: t.summary.next ? { label: t.summary.next.label, daysToGo: t.summary.next.daysToGo, percent: Math.round(t.summary.next.progress * 100) } : null,
    })),
    /** Discreet mode: names and counts hidden until tapped. */
    discreet: settings?.discreet_mode === 1,
    checkedInToday: checkin !== null,
    meetings,
    groups: shownGroups.map((g) => ({ slug: g.slug, name: g.name, unread: g.unread })),
    moreGroups: groups.length > shownGroups.length,
  };
}
