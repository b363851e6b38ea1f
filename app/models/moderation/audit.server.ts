/**
 * The audit log: every moderator and admin action, and Harbor's automatic hides. Append-only:
 * nothing here updates or deletes, and database triggers refuse UPDATE and DELETE on it.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import type { ModeratorScope } from "./scope.server";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  groupId?: number | null;
  subjectUserId?: string | null;
  postId?: number | null;
  threadId?: number | null;
  itemId?: number | null;
  reason?: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry, now = clockNow()): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      actor_id: entry.actorId,
      action: entry.action,
      group_id: entry.groupId ?? null,
      subject_user_id: entry.subjectUserId ?? null,
      post_id: entry.postId ?? null,
      thread_id: entry.threadId ?? null,
      item_id: entry.itemId ?? null,
      reason: entry.reason ?? "",
      before_state: JSON.stringify(entry.before ?? {}),
      after_state: JSON.stringify(entry.after ?? {}),
      created_at: now.toISOString(),
    })
    .execute();
}

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  actorId?: string;
  subjectUserId?: string;
  action?: string;
  from?: string;
  to?: string;
  groupId?: number;
}

/** The audit log, newest first, in the viewer's scope (admins all; moderators their groups'), keyset on id. */
export async function listAudit(db: Kysely<Database>, scope: ModeratorScope, filters: AuditFilters, beforeId?: number) {
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("users as actor", "actor.id", "a.actor_id")
    .leftJoin("users as subject", "subject.id", "a.subject_user_id")
    .leftJoin("groups as g", "g.id", "a.group_id")
    .select([
      "a.id",
      "a.action",
      "a.actor_id",
      "a.subject_user_id",
      "a.group_id",
      "a.post_id",
      "a.thread_id",
      "a.item_id",
      "a.reason",
      "a.before_state",
      "a.after_state",
      "a.created_at",
      "actor.display_name as actor_name",
      "subject.display_name as subject_name",
      "g.name as group_name",
      "g.slug as group_slug",
    ])
    .orderBy("a.id", "desc")
    .limit(AUDIT_PAGE_SIZE + 1);
  if (!scope.all) query = scope.groupIds.length ? query.where("a.group_id", "in", scope.groupIds) : query.where(sql<boolean>`1 = 0`);
  if (filters.groupId) query = query.where("a.group_id", "=", filters.groupId);
  if (filters.actorId) query = query.where("a.actor_id", "=", filters.actorId);
  if (filters.subjectUserId) query = query.where("a.subject_user_id", "=", filters.subjectUserId);
  if (filters.action) query = query.where("a.action", "=", filters.action);
  if (filters.from) query = query.where("a.created_at", ">=", filters.from);
  if (filters.to) query = query.where("a.created_at", "<", filters.to);
  if (beforeId) query = query.where("a.id", "<", beforeId);
  const rows = await query.execute();
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return { entries: page, next: rows.length > AUDIT_PAGE_SIZE ? page[page.length - 1]!.id : null };
}

/** People who appear in a scope's audit log as moderators (for the filter). */
export async function auditActors(db: Kysely<Database>, scope: ModeratorScope) {
  let query = db.selectFrom("audit_log as a").innerJoin("users as u", "u.id", "a.actor_id").select(["u.id", "u.display_name"]).distinct().orderBy("u.display_name").limit(200);
  if (!scope.all) query = scope.groupIds.length ? query.where("a.group_id", "in", scope.groupIds) : query.where(sql<boolean>`1 = 0`);
  return query.execute();
}
