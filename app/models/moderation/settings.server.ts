/**
 * Report reasons, the site's moderation settings (automatic hiding, trust limits for new
 * accounts) and a group's post-approval settings. Saving either is audited.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { REPORT_REASONS } from "../../utils/moderation-labels";
import { recordAudit } from "./audit.server";

export type ReportReason = keyof typeof REPORT_REASONS;

/** Reasons Harbor itself files (no reporter). */
export const SYSTEM_REASONS = {
  crisis_language: "Crisis language in the post",
  watched_word: "Watched word",
  held: "Waiting for approval",
} as const;

export function reasonLabel(reason: string): string {
  return (REPORT_REASONS as Record<string, string>)[reason] ?? (SYSTEM_REASONS as Record<string, string>)[reason] ?? reason;
}

export interface TrustLimits {
  /** An account is new for this many hours … */
  newAccountHours: number;
  /** … or until it has this many published posts. */
  establishedAfterPosts: number;
  newPostsPerHour: number;
  newMaxLinks: number;
  newThreadsPerDay: number;
  establishedPostsPerHour: number;
  establishedThreadsPerDay: number;
}

export interface ModerationSettings {
  /** Hide a post pending review once this many members reported it (0: never). */
  autoHideReports: number;
  trust: TrustLimits;
}

export const DEFAULT_MODERATION_SETTINGS: ModerationSettings = {
  autoHideReports: 3,
  trust: {
    newAccountHours: 24,
    establishedAfterPosts: 3,
    newPostsPerHour: 10,
    newMaxLinks: 2,
    newThreadsPerDay: 3,
    establishedPostsPerHour: 60,
    establishedThreadsPerDay: 20,
  },
};

const SETTINGS_KEY = "moderation";

export async function getModerationSettings(db: Kysely<Database>): Promise<ModerationSettings> {
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", SETTINGS_KEY).executeTakeFirst();
  if (!row) return DEFAULT_MODERATION_SETTINGS;
  try {
    const parsed = JSON.parse(row.value) as Partial<ModerationSettings>;
    return {
      autoHideReports: typeof parsed.autoHideReports === "number" ? parsed.autoHideReports : DEFAULT_MODERATION_SETTINGS.autoHideReports,
      trust: { ...DEFAULT_MODERATION_SETTINGS.trust, ...(parsed.trust ?? {}) },
    };
  } catch {
    return DEFAULT_MODERATION_SETTINGS;
  }
}

export async function saveModerationSettings(db: Kysely<Database>, settings: ModerationSettings, adminId: string | null, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await getModerationSettings(tx);
    const values = { value: JSON.stringify(settings), updated_at: now.toISOString(), updated_by: adminId };
    await tx
      .insertInto("site_settings")
      .values({ key: SETTINGS_KEY, ...values })
      .onConflict((oc) => oc.column("key").doUpdateSet(values))
      .execute();
    await recordAudit(tx, { actorId: adminId, action: "settings.moderation", before, after: settings }, now);
  });
}

export interface GroupModerationSettings {
  approveFirstPosts: number;
  approveAll: boolean;
}

export async function getGroupModerationSettings(db: Kysely<Database>, groupId: number): Promise<GroupModerationSettings> {
  const row = await db.selectFrom("group_moderation_settings").selectAll().where("group_id", "=", groupId).executeTakeFirst();
  return { approveFirstPosts: row?.approve_first_posts ?? 0, approveAll: row?.approve_all === 1 };
}

export async function saveGroupModerationSettings(db: Kysely<Database>, actorId: string, groupId: number, settings: GroupModerationSettings, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await getGroupModerationSettings(tx, groupId);
    const values = { approve_first_posts: settings.approveFirstPosts, approve_all: settings.approveAll ? 1 : 0, updated_at: now.toISOString() };
    await tx
      .insertInto("group_moderation_settings")
      .values({ group_id: groupId, ...values })
      .onConflict((oc) => oc.column("group_id").doUpdateSet(values))
      .execute();
    await recordAudit(tx, { actorId, action: "group.approval_settings", groupId, before, after: settings }, now);
  });
}
