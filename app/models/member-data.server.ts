/**
 * Everything a member owns, for "download my data" — and what goes when they delete the account.
 *
 * The export is a list of sections (EXPORT_SECTIONS): each area of Harbor adds one that collects
 * the member's own records from its tables. Private text is decrypted for its owner here and
 * nowhere else leaves Harbor.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { RECOVERY_PRIVATE_TABLES } from "../../db/schema/recovery";
import { now as clockNow } from "../utils/clock.server";
import { listAllCheckins, listJournalEntries } from "./recovery-journal.server";
import { getPlan } from "./recovery-plan.server";
import { listTaperSteps } from "./recovery-taper.server";
import { getMilestoneSet, getTracker, listTrackers, summarizeTracker } from "./recovery-trackers.server";
import { exportMeetingData } from "./meeting-attendance.server";
import { exportNotificationData } from "./notifications.server";
import { exportPushDevices } from "./push/subscriptions.server";
import { exportSavedGuides } from "./guides/guides.server";
import { unindexPost } from "./search.server";
import { deleteCircleData, exportCircleData } from "./circle/member-data.server";
import { exportBlocks } from "./blocks.server";
import { exportMessages, removeMemberMessages } from "./messages/conversations.server";

export interface ExportSection {
  key: string;
  /** What the section holds, in a few words. */
  title: string;
  collect: (db: Kysely<Database>, userId: string) => Promise<unknown>;
}

async function account(db: Kysely<Database>, userId: string) {
  return db.selectFrom("users").select(["id", "email", "display_name", "bio", "role", "time_zone", "created_at", "updated_at"]).where("id", "=", userId).executeTakeFirst();
}

async function groupsAndPosts(db: Kysely<Database>, userId: string) {
  const [memberships, posts] = await Promise.all([
    db
      .selectFrom("group_members")
      .innerJoin("groups", "groups.id", "group_members.group_id")
      .select(["groups.name as group", "groups.slug", "group_members.role", "group_members.joined_at as joinedAt"])
      .where("group_members.user_id", "=", userId)
      .orderBy("group_members.joined_at")
      .execute(),
    db
      .selectFrom("posts")
      .innerJoin("threads", "threads.id", "posts.thread_id")
      .innerJoin("groups", "groups.id", "posts.group_id")
      .select([
        "groups.name as group",
        "threads.title as thread",
        "posts.id",
        "posts.body_source as text",
        "posts.status",
        "posts.created_at as createdAt",
        "posts.edited_at as editedAt",
      ])
      .where("posts.author_id", "=", userId)
      .where("posts.deleted_at", "is", null)
      .orderBy("posts.created_at")
      .execute(),
  ]);
  return { memberships, posts };
}

/** Every streak of every tracker, with the slip notes: also what the streaks CSV holds. */
export async function exportTrackers(db: Kysely<Database>, userId: string) {
  const [set, user] = await Promise.all([getMilestoneSet(db), db.selectFrom("users").select("time_zone").where("id", "=", userId).executeTakeFirst()]);
  const zone = user?.time_zone ?? "UTC";
  const instant = clockNow();
  const trackers = await listTrackers(db, userId, set, zone, instant);
  const shares = await db
    .selectFrom("recovery_milestone_shares")
    .leftJoin("groups", "groups.id", "recovery_milestone_shares.group_id")
    .select([
      "recovery_milestone_shares.tracker_id",
      "recovery_milestone_shares.label",
      "recovery_milestone_shares.streak_start",
      "groups.name as group",
      "recovery_milestone_shares.created_at",
    ])
    .where("recovery_milestone_shares.user_id", "=", userId)
    .execute();
  const result = [];
  for (const listed of trackers) {
    const tracker = (await getTracker(db, userId, listed.id))!;
    const summary = summarizeTracker(tracker, set, instant, zone);
    const notes = new Map(tracker.slips.map((s) => [s.date, s.note]));
    result.push({
      name: tracker.name,
      startDate: tracker.startDate,
      startTime: tracker.startTime,
      currentStreakDays: summary.current.days,
      longestStreakDays: summary.longestDays,
      totalSoberDays: summary.totalDays,
      streaks: summary.streaks.map((s) => ({ start: s.start, end: s.end, days: s.days, slipNote: s.end ? (notes.get(s.end) ?? "") : "" })),
      milestonesReached: summary.reached.map((m) => ({ label: m.label, date: m.date })),
      shared: shares.filter((s) => s.tracker_id === tracker.id).map((s) => ({ milestone: s.label, streakStart: s.streak_start, group: s.group, sharedAt: s.created_at })),
    });
  }
  return result;
}

/** All check-ins, oldest first. */
export async function exportCheckins(db: Kysely<Database>, userId: string) {
  const checkins = await listAllCheckins(db, userId);
  return checkins.map((c) => ({ day: c.day, mood: c.mood, cravings: c.cravings, sleepHours: c.sleepHours, wentToMeeting: c.wentToMeeting, note: c.note }));
}

async function journal(db: Kysely<Database>, userId: string) {
  const entries = [];
  let after: { date: string; id: number } | undefined;
  for (;;) {
    const page = await listJournalEntries(db, userId, after, 200);
    entries.push(...page.entries.map((e) => ({ date: e.date, text: e.source, updatedAt: e.updatedAt })));
    if (!page.next) break;
    after = page.next;
  }
  return entries;
}

export const EXPORT_SECTIONS: ExportSection[] = [
  { key: "account", title: "Your account and profile", collect: account },
  { key: "groups", title: "Your groups and posts", collect: groupsAndPosts },
  { key: "trackers", title: "Sobriety trackers, streaks, slips and shared milestones", collect: exportTrackers },
  { key: "checkins", title: "Daily check-ins", collect: exportCheckins },
  { key: "journal", title: "Journal", collect: journal },
  { key: "taper", title: "Taper log", collect: (db, userId) => listTaperSteps(db, userId).then((steps) => steps.map(({ id: _id, ...s }) => s)) },
  { key: "plan", title: "Relapse-prevention plan", collect: (db, userId) => getPlan(db, userId) },
  { key: "meetings", title: "Meeting RSVPs and attendance", collect: exportMeetingData },
  { key: "notifications", title: "Notifications and notification settings", collect: exportNotificationData },
  { key: "pushDevices", title: "Devices with push notifications on", collect: exportPushDevices },
  { key: "savedGuides", title: "Guides you saved (My guides)", collect: exportSavedGuides },
  { key: "supportCircle", title: "Your support circle: who sees what, encouragement, reach-outs and its history", collect: exportCircleData },
  { key: "blockedMembers", title: "Members you blocked", collect: exportBlocks },
  { key: "messages", title: "Your private conversations and the messages you wrote", collect: exportMessages },
];

export async function exportMemberData(db: Kysely<Database>, userId: string) {
  const data: Record<string, unknown> = { exportedAt: clockNow().toISOString(), format: "harbor-member-data/1" };
  for (const section of EXPORT_SECTIONS) data[section.key] = await section.collect(db, userId);
  return data;
}

// ---------------------------------------------------------------------------------------------
// CSV

/** One CSV field: quoted when needed; a leading = + - @ is neutralised so spreadsheets don't run it. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
}

export async function checkinsCsv(db: Kysely<Database>, userId: string): Promise<string> {
  const rows = await exportCheckins(db, userId);
  return toCsv(
    ["day", "mood", "cravings", "sleep_hours", "went_to_meeting", "note"],
    rows.map((c) => [c.day, c.mood, c.cravings, c.sleepHours ?? "", c.wentToMeeting ? "yes" : "no", c.note]),
  );
}

export async function streaksCsv(db: Kysely<Database>, userId: string): Promise<string> {
  const trackers = await exportTrackers(db, userId);
  return toCsv(
    ["tracker", "streak_start", "streak_end", "days", "slip_note"],
    trackers.flatMap((t) => t.streaks.map((s) => [t.name, s.start, s.end ?? "", s.days, s.slipNote])),
  );
}

// ---------------------------------------------------------------------------------------------
// Deletion

/** Removes every private record of the member (call inside the account deletion's transaction). */
export async function deletePrivateData(tx: Kysely<Database>, userId: string): Promise<void> {
  await deleteCircleData(tx, userId);
  for (const table of RECOVERY_PRIVATE_TABLES) await tx.deleteFrom(table).where("user_id", "=", userId).execute();
  // Their messages' words go; the others in those conversations read "message removed".
  await removeMemberMessages(tx, userId);
}

/**
 * At the member's request, their posts go too: the words, earlier versions and reactions are removed
 * (threads keep their shape, "removed by its author"); threads they started lose their title.
 */
export async function removeMemberPosts(tx: Kysely<Database>, userId: string, instant = clockNow()): Promise<number> {
  const posts = await tx.selectFrom("posts").select("id").where("author_id", "=", userId).where("deleted_at", "is", null).execute();
  const ids = posts.map((p) => p.id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await tx.deleteFrom("post_revisions").where("post_id", "in", chunk).execute();
    await tx.deleteFrom("post_reactions").where("post_id", "in", chunk).execute();
    await tx.updateTable("posts").set({ deleted_at: instant.toISOString(), deleted_by: "author", body_source: "", body_html: "" }).where("id", "in", chunk).execute();
    for (const id of chunk) await unindexPost(tx, id);
  }
  await tx.updateTable("threads").set({ title: "(removed by its author)" }).where("author_id", "=", userId).execute();
  return ids.length;
}
