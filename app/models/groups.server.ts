/**
 * Groups and who belongs to them: visibility rules, creating and editing groups, members and
 * moderators, leaving, and the lists members see. Joining by request or invite link:
 * group-joining.server.ts.
 *
 * Visibility:
 * - public: anyone reads; members post;
 * - private: name and description listed for everyone; everything else for members only;
 * - hidden: not listed and not found; members only; joined by invite link.
 * Site admins can read and manage every group. Whatever a viewer may not read answers 404.
 */
import type { Kysely } from "kysely";
import type { Database, Group, GroupKind, GroupRole, GroupVisibility } from "../../db/schema";
import { isUniqueViolation, inTransaction } from "../../db/client";
import { prepared } from "../../db/prepared";
import { renderMarkdown } from "../utils/markdown.server";
import { now as clockNow } from "../utils/clock.server";

export { GROUP_KINDS, GROUP_VISIBILITIES } from "../utils/group-labels";

export { accessFor, accessIfVisible, type GroupAccess, type GroupHead, type Viewer } from "../policy/groups";
import { accessIfVisible, groupVisibleSql, type GroupAccess, type Viewer } from "../policy/groups";

async function membershipOf(db: Kysely<Database>, groupId: number, userId: string | undefined): Promise<GroupRole | null> {
  if (!userId) return null;
  const row = await db.selectFrom("group_members").select("role").where("group_id", "=", groupId).where("user_id", "=", userId).executeTakeFirst();
  return row?.role ?? null;
}

/**
 * The group's own columns out of a row that holds others too, field by field: copying with
 * `...rest` was a visible cost on the busiest pages. The type checks that none is missed.
 */
export function groupOf(row: Group): Group {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    visibility: row.visibility,
    description_source: row.description_source,
    description_html: row.description_html,
    guidelines_source: row.guidelines_source,
    guidelines_html: row.guidelines_html,
    created_by: row.created_by,
    created_at: row.created_at,
    updated_at: row.updated_at,
    member_count: row.member_count,
    thread_count: row.thread_count,
    last_activity_at: row.last_activity_at,
    area_served: row.area_served,
  };
}

// Every group page starts here: prepared once (db/prepared.ts), in two shapes: a visitor's
// leaves out the membership, an index lookup that could find nothing.
function groupBySlugOf(withViewer: boolean) {
  return prepared((db, p: { slug: string; viewerId: string }) =>
    db
      .selectFrom("groups")
      .selectAll("groups")
      .$if(withViewer, (qb) =>
        qb
          .leftJoin("group_members", (join) => join.onRef("group_members.group_id", "=", "groups.id").on("group_members.user_id", "=", p.viewerId))
          .select("group_members.role as membership"),
      )
      .where("groups.slug", "=", p.slug),
  );
}
const groupBySlugForMember = groupBySlugOf(true);
const groupBySlugForVisitor = groupBySlugOf(false);

/** The group at this slug as this viewer may know it; null when it does not exist for them (404). One query. */
export async function getGroupAccess(db: Kysely<Database>, slug: string, viewer: Viewer): Promise<GroupAccess | null> {
  const [row] = viewer ? await groupBySlugForMember(db, { slug, viewerId: viewer.id }) : await groupBySlugForVisitor(db, { slug, viewerId: "" });
  return row ? accessIfVisible(groupOf(row), viewer, row.membership ?? null) : null;
}

export async function getGroupAccessById(db: Kysely<Database>, groupId: number, viewer: Viewer): Promise<GroupAccess | null> {
  const group = await db.selectFrom("groups").selectAll().where("id", "=", groupId).executeTakeFirst();
  return group ? accessIfVisible(group, viewer, await membershipOf(db, group.id, viewer?.id)) : null;
}

export { RESERVED_SLUGS, SLUG_PATTERN, slugify } from "../utils/group-labels";

export class DuplicateSlugError extends Error {
  constructor() {
    super("Another group already uses that web address.");
  }
}

export interface NewGroup {
  name: string;
  slug: string;
  kind: GroupKind;
  visibility: GroupVisibility;
  description: string;
  guidelines: string;
}

/** The stored form of a group's editable content, Markdown rendered once here. */
function groupContent(input: Omit<NewGroup, "slug">) {
  return {
    name: input.name,
    kind: input.kind,
    visibility: input.visibility,
    description_source: input.description,
    description_html: renderMarkdown(input.description),
    guidelines_source: input.guidelines,
    guidelines_html: renderMarkdown(input.guidelines),
  };
}

export async function createGroup(db: Kysely<Database>, input: NewGroup, creatorId: string | null, now = clockNow()): Promise<Group> {
  const iso = now.toISOString();
  try {
    return await db
      .insertInto("groups")
      .values({
        slug: input.slug,
        ...groupContent(input),
        created_by: creatorId,
        created_at: iso,
        updated_at: iso,
        last_activity_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DuplicateSlugError();
    throw error;
  }
}

/** Saves the group's settings; `areaServed` (where its meetings are, for the meetings feed) when given. */
export async function updateGroup(db: Kysely<Database>, groupId: number, input: Omit<NewGroup, "slug"> & { areaServed?: string }, now = clockNow()): Promise<void> {
  await db
    .updateTable("groups")
    .set({
      ...groupContent(input),
      ...(input.areaServed !== undefined ? { area_served: input.areaServed } : {}),
      updated_at: now.toISOString(),
    })
    .where("id", "=", groupId)
    .execute();
}

/**
 * Adds someone to a group with the given role; keeps member_count right. Someone already in the
 * group keeps the role they have (joining by invite never demotes a moderator). Returns whether
 * they were added.
 */
export async function addMember(db: Kysely<Database>, groupId: number, userId: string, role: GroupRole = "member", now = clockNow()): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    if (await membershipOf(tx, groupId, userId)) return false;
    await tx.insertInto("group_members").values({ group_id: groupId, user_id: userId, role, joined_at: now.toISOString() }).execute();
    await tx
      .updateTable("groups")
      .set((eb) => ({ member_count: eb("member_count", "+", 1) }))
      .where("id", "=", groupId)
      .execute();
    // Anything they asked for is settled by their being in.
    await tx
      .updateTable("group_join_requests")
      .set({ status: "approved", decided_at: now.toISOString() })
      .where("group_id", "=", groupId)
      .where("user_id", "=", userId)
      .where("status", "=", "pending")
      .execute();
    return true;
  });
}

/** Makes someone a moderator or a plain member of a group, adding them if they aren't in it. Returns whether anything changed. */
export async function setMemberRole(db: Kysely<Database>, groupId: number, userId: string, role: GroupRole, now = clockNow()): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const current = await membershipOf(tx, groupId, userId);
    if (current === role) return false;
    if (!current) return addMember(tx, groupId, userId, role, now);
    await tx.updateTable("group_members").set({ role }).where("group_id", "=", groupId).where("user_id", "=", userId).execute();
    return true;
  });
}

/** Someone's role in a group, or null if they are not in it. */
export async function getMembership(db: Kysely<Database>, groupId: number, userId: string): Promise<GroupRole | null> {
  return membershipOf(db, groupId, userId);
}

/** A group's moderators (a handful; capped all the same). */
export async function listModerators(db: Kysely<Database>, groupId: number) {
  return db
    .selectFrom("group_members")
    .innerJoin("users", "users.id", "group_members.user_id")
    .select(["users.id", "users.display_name"])
    .where("group_members.group_id", "=", groupId)
    .where("group_members.role", "=", "moderator")
    .orderBy("group_members.joined_at", "asc")
    .limit(100)
    .execute();
}

export async function leaveGroup(db: Kysely<Database>, groupId: number, userId: string): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const result = await tx.deleteFrom("group_members").where("group_id", "=", groupId).where("user_id", "=", userId).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await tx
      .updateTable("groups")
      .set((eb) => ({ member_count: eb("member_count", "-", 1) }))
      .where("id", "=", groupId)
      .execute();
    return true;
  });
}

export const PAGE_SIZE_MEMBERS = 50;

/** Display names and roles only, in the order people joined; keyset on (joined_at, user_id). */
export async function listMembers(db: Kysely<Database>, groupId: number, after?: { joinedAt: string; userId: string }) {
  let query = db
    .selectFrom("group_members")
    .innerJoin("users", "users.id", "group_members.user_id")
    .select(["users.id", "users.display_name", "group_members.role", "group_members.joined_at"])
    .where("group_members.group_id", "=", groupId)
    .orderBy("group_members.joined_at", "asc")
    .orderBy("group_members.user_id", "asc")
    .limit(PAGE_SIZE_MEMBERS + 1);
  if (after) query = query.where((eb) => eb(eb.refTuple("group_members.joined_at", "group_members.user_id"), ">", eb.tuple(after.joinedAt, after.userId)));
  const rows = await query.execute();
  const page = rows.slice(0, PAGE_SIZE_MEMBERS);
  const last = page[page.length - 1];
  return { members: page, next: rows.length > PAGE_SIZE_MEMBERS && last ? { joinedAt: last.joined_at, userId: last.id } : null };
}

export const PAGE_SIZE_GROUPS = 30;

/** The directory: public and private groups for everyone, hidden ones only for their members (and admins). Keyset on (name, id). */
export async function listGroups(db: Kysely<Database>, viewer: Viewer, after?: { name: string; id: number }) {
  let query = db
    .selectFrom("groups")
    .leftJoin("group_members", (join) => join.onRef("group_members.group_id", "=", "groups.id").on("group_members.user_id", "=", viewer?.id ?? ""))
    .select([
      "groups.id",
      "groups.slug",
      "groups.name",
      "groups.kind",
      "groups.visibility",
      "groups.description_html",
      "groups.member_count",
      "groups.thread_count",
      "groups.last_activity_at",
      "group_members.role as membership",
    ])
    .orderBy("groups.name", "asc")
    .orderBy("groups.id", "asc")
    .limit(PAGE_SIZE_GROUPS + 1);
  query = query.where(groupVisibleSql(viewer, { id: "groups.id", visibility: "groups.visibility", member: "group_members.user_id" }));
  if (after) query = query.where((eb) => eb(eb.refTuple("groups.name", "groups.id"), ">", eb.tuple(after.name, after.id)));
  const rows = await query.execute();
  const page = rows.slice(0, PAGE_SIZE_GROUPS);
  const last = page[page.length - 1];
  return { groups: page, next: rows.length > PAGE_SIZE_GROUPS && last ? { name: last.name, id: last.id } : null };
}

/** "My groups": every group the member belongs to, with how many threads have news since they last read them. */
export async function listMyGroups(db: Kysely<Database>, userId: string) {
  const groups = await db
    .selectFrom("group_members")
    .innerJoin("groups", "groups.id", "group_members.group_id")
    .select(["groups.id", "groups.slug", "groups.name", "groups.kind", "groups.visibility", "groups.last_activity_at", "group_members.role", "group_members.joined_at"])
    .where("group_members.user_id", "=", userId)
    .orderBy("groups.name", "asc")
    .limit(500)
    .execute();
  if (groups.length === 0) return [];
  // One query for every group's unread count: threads active since the member joined, with more
  // posts than the member has read.
  const unread = await db
    .selectFrom("group_members")
    .innerJoin("threads", (join) => join.onRef("threads.group_id", "=", "group_members.group_id").onRef("threads.last_post_at", ">", "group_members.joined_at"))
    .leftJoin("thread_reads", (join) => join.onRef("thread_reads.thread_id", "=", "threads.id").on("thread_reads.user_id", "=", userId))
    .select(["group_members.group_id", (eb) => eb.fn.countAll<number>().as("unread")])
    .where("group_members.user_id", "=", userId)
    .where("threads.deleted_at", "is", null)
    .where((eb) => eb("threads.post_count", ">", eb.fn.coalesce("thread_reads.read_count", eb.lit(0))))
    .groupBy("group_members.group_id")
    .execute();
  const counts = new Map(unread.map((r) => [r.group_id, Number(r.unread)]));
  return groups.map((g) => ({ ...g, unread: counts.get(g.id) ?? 0 }));
}

/** One thread fewer in a group's count (a thread deleted, or moved to another group); never below zero. */
export async function uncountThread(db: Kysely<Database>, groupId: number): Promise<void> {
  await db
    .updateTable("groups")
    .set((eb) => ({ thread_count: eb("thread_count", "-", 1) }))
    .where("id", "=", groupId)
    .where("thread_count", ">", 0)
    .execute();
}
