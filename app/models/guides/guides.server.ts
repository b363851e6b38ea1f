/**
 * The resource library (docs/guides.md): guides in collections, written by editors and admins in
 * Markdown (rendered and sanitised once, when saved, as posts are), drafts and publishing, every
 * saved version kept as a revision (the history and its diffs), and a member's saved guides.
 * Who may read or write what is app/policy/guides.ts; queries here take the viewer and use its SQL
 * form, so a draft or a members-only guide never reaches a list it doesn't belong in.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { GuideStatus, GuideVisibility } from "../../../db/schema/guides";
import { inTransaction, isUniqueViolation } from "../../../db/client";
import { guideReadableSql, maySeeGuide, type Viewer } from "../../policy";
import { now as clockNow } from "../../utils/clock.server";
import { renderMarkdown } from "../../utils/markdown.server";
import { indexGuide } from "./search.server";

export class GuideError extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Words a guide's address can't be: the library's own pages. */
export const RESERVED_GUIDE_SLUGS = new Set(["new", "mine", "saved", "collections", "search"]);
export const GUIDE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface GuideInput {
  title: string;
  slug: string;
  collectionId: number | null;
  summary: string;
  body: string;
  visibility: GuideVisibility;
  /** What the editor says changed (kept with the revision). */
  note?: string;
  /** "I reviewed this guide": sets the "last reviewed on … by …" line. */
  reviewed: boolean;
}

export interface GuideRow {
  id: number;
  slug: string;
  title: string;
  summary: string;
  body_source: string;
  body_html: string;
  visibility: GuideVisibility;
  status: GuideStatus;
  starter_key: string | null;
  collection_id: number | null;
  collection_slug: string | null;
  collection_name: string | null;
  reviewed_at: string | null;
  reviewer_name: string | null;
  updated_at: string;
  published_at: string | null;
}

export async function listCollections(db: Kysely<Database>) {
  return db.selectFrom("guide_collections").select(["id", "slug", "name", "description", "position"]).orderBy("position").orderBy("name").execute();
}

function guideQuery(db: Kysely<Database>) {
  return db
    .selectFrom("guides as g")
    .leftJoin("guide_collections as c", "c.id", "g.collection_id")
    .leftJoin("users as r", "r.id", "g.reviewed_by")
    .select([
      "g.id",
      "g.slug",
      "g.title",
      "g.summary",
      "g.body_source",
      "g.body_html",
      "g.visibility",
      "g.status",
      "g.starter_key",
      "g.collection_id",
      "c.slug as collection_slug",
      "c.name as collection_name",
      "g.reviewed_at",
      "r.display_name as reviewer_name",
      "g.updated_at",
      "g.published_at",
    ]);
}

/** The guide at this address, whoever asks (the route checks maySeeGuide), or undefined. */
export async function getGuideBySlug(db: Kysely<Database>, slug: string): Promise<GuideRow | undefined> {
  if (!GUIDE_SLUG.test(slug) || slug.length > 80) return undefined;
  return guideQuery(db).where("g.slug", "=", slug).executeTakeFirst();
}

/** The guide at this address if the viewer may read it. */
export async function getGuideForViewer(db: Kysely<Database>, viewer: Viewer, slug: string): Promise<GuideRow | undefined> {
  const guide = await getGuideBySlug(db, slug);
  return guide && maySeeGuide(viewer, guide) ? guide : undefined;
}

export type GuideListItem = Pick<GuideRow, "id" | "slug" | "title" | "summary" | "visibility" | "status" | "collection_id">;

/** Every guide the viewer may read, in collection order (drafts only for editors and admins). */
export async function listGuides(db: Kysely<Database>, viewer: Viewer): Promise<GuideListItem[]> {
  return db
    .selectFrom("guides as g")
    .leftJoin("guide_collections as c", "c.id", "g.collection_id")
    .select(["g.id", "g.slug", "g.title", "g.summary", "g.visibility", "g.status", "g.collection_id"])
    .where(guideReadableSql(viewer, { status: "g.status", visibility: "g.visibility" }))
    .orderBy("c.position")
    .orderBy("g.position")
    .orderBy("g.title")
    .execute();
}

/**
 * Published guides of these collections the viewer may read, in the collections' order and then
 * each collection's own: what the crisis page, the check-in and the plan offer. Never drafts, even
 * to an editor (those pages are for everyone).
 */
export async function guidesInCollections(db: Kysely<Database>, viewer: Viewer, collectionSlugs: string[], limit = 6) {
  if (collectionSlugs.length === 0) return [];
  const rows = await db
    .selectFrom("guides as g")
    .innerJoin("guide_collections as c", "c.id", "g.collection_id")
    .select(["g.slug", "g.title", "g.summary", "c.slug as collection_slug", "g.position"])
    .where("c.slug", "in", collectionSlugs)
    .where("g.status", "=", "published")
    .$if(viewer === null, (q) => q.where("g.visibility", "=", "public"))
    .orderBy("g.position")
    .orderBy("g.title")
    .execute();
  const order = (slug: string) => collectionSlugs.indexOf(slug);
  return rows
    .sort((a, b) => order(a.collection_slug) - order(b.collection_slug) || a.position - b.position)
    .slice(0, limit)
    .map(({ slug, title, summary }) => ({ slug, title, summary }));
}

async function checkCollection(db: Kysely<Database>, collectionId: number | null): Promise<void> {
  if (collectionId === null) return;
  const found = await db.selectFrom("guide_collections").select("id").where("id", "=", collectionId).executeTakeFirst();
  if (!found) throw new GuideError("Choose a collection from the list.", "collectionId");
}

function checkSlug(slug: string): void {
  if (!GUIDE_SLUG.test(slug) || slug.length > 80) throw new GuideError("Use lower-case letters, digits and single hyphens, like sleep-in-early-recovery.", "slug");
  if (RESERVED_GUIDE_SLUGS.has(slug)) throw new GuideError(`“${slug}” is taken by one of the library's own pages. Choose another address.`, "slug");
}

const SLUG_TAKEN = "Another guide already has this address. Choose another.";

async function addRevision(tx: Kysely<Database>, guideId: number, by: string | null, now: Date, note: string): Promise<number> {
  const guide = await tx.selectFrom("guides").select(["title", "summary", "body_source", "visibility", "status"]).where("id", "=", guideId).executeTakeFirstOrThrow();
  const last = await tx
    .selectFrom("guide_revisions")
    .select((eb) => eb.fn.max("number").as("n"))
    .where("guide_id", "=", guideId)
    .executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  await tx
    .insertInto("guide_revisions")
    .values({ guide_id: guideId, number, ...guide, note: note.slice(0, 300), edited_by: by, created_at: now.toISOString() })
    .execute();
  return number;
}

/** A new guide, as a draft or published at once; its first revision; in the search index. */
export async function createGuide(db: Kysely<Database>, authorId: string, input: GuideInput, status: GuideStatus, now = clockNow()): Promise<{ id: number; slug: string }> {
  checkSlug(input.slug);
  await checkCollection(db, input.collectionId);
  const at = now.toISOString();
  try {
    return await inTransaction(db, async (tx) => {
      const last = await tx
        .selectFrom("guides")
        .select((eb) => eb.fn.max("position").as("p"))
        .where("collection_id", input.collectionId === null ? "is" : "=", input.collectionId)
        .executeTakeFirst();
      const row = await tx
        .insertInto("guides")
        .values({
          ...guideColumns(input, status),
          position: Number(last?.p ?? 0) + 1,
          created_by: authorId,
          updated_by: authorId,
          reviewed_at: input.reviewed ? at : null,
          reviewed_by: input.reviewed ? authorId : null,
          published_at: status === "published" ? at : null,
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await addRevision(tx, row.id, authorId, now, input.note ?? "");
      await indexGuide(tx, row.id);
      return { id: row.id, slug: input.slug };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new GuideError(SLUG_TAKEN, "slug", 409);
    throw error;
  }
}

/** The columns a new guide and an edit both write from the form (the body rendered as posts are). */
function guideColumns(input: GuideInput, status: GuideStatus) {
  return {
    slug: input.slug,
    collection_id: input.collectionId,
    title: input.title,
    summary: input.summary,
    body_source: input.body,
    body_html: renderMarkdown(input.body),
    visibility: input.visibility,
    status,
  };
}

/**
 * Saves an edit (and, with `status`, publishes or unpublishes) as one new revision, in one
 * transaction: the guide, its revision and its search entry change together or not at all.
 */
export async function updateGuide(db: Kysely<Database>, guideId: number, editorId: string, input: GuideInput, status: GuideStatus, now = clockNow()): Promise<{ slug: string }> {
  checkSlug(input.slug);
  await checkCollection(db, input.collectionId);
  const at = now.toISOString();
  try {
    return await inTransaction(db, async (tx) => {
      const before = await tx.selectFrom("guides").select(["status", "published_at"]).where("id", "=", guideId).executeTakeFirst();
      if (!before) throw new GuideError("That guide no longer exists.", "form", 404);
      await tx
        .updateTable("guides")
        .set({
          ...guideColumns(input, status),
          updated_by: editorId,
          updated_at: at,
          ...(input.reviewed ? { reviewed_at: at, reviewed_by: editorId } : {}),
          ...(status === "published" && before.status !== "published" ? { published_at: at } : {}),
        })
        .where("id", "=", guideId)
        .execute();
      await addRevision(tx, guideId, editorId, now, input.note ?? "");
      await indexGuide(tx, guideId);
      return { slug: input.slug };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new GuideError(SLUG_TAKEN, "slug", 409);
    throw error;
  }
}

export interface GuideRevision {
  number: number;
  title: string;
  summary: string;
  body_source: string;
  visibility: GuideVisibility;
  status: GuideStatus;
  note: string;
  editor_name: string | null;
  created_at: string;
}

/** Every version of a guide, newest first. */
export async function listGuideRevisions(db: Kysely<Database>, guideId: number): Promise<GuideRevision[]> {
  return db
    .selectFrom("guide_revisions as v")
    .leftJoin("users as u", "u.id", "v.edited_by")
    .select(["v.number", "v.title", "v.summary", "v.body_source", "v.visibility", "v.status", "v.note", "u.display_name as editor_name", "v.created_at"])
    .where("v.guide_id", "=", guideId)
    .orderBy("v.number", "desc")
    .execute();
}

// ---------------------------------------------------------------- My guides (private to the member)

export async function isGuideSaved(db: Kysely<Database>, userId: string, guideId: number): Promise<boolean> {
  return !!(await db.selectFrom("saved_guides").select("guide_id").where("user_id", "=", userId).where("guide_id", "=", guideId).executeTakeFirst());
}

/** Saves (or un-saves) a guide for the member; saving twice keeps one. */
export async function setGuideSaved(db: Kysely<Database>, userId: string, guideId: number, saved: boolean, now = clockNow()): Promise<void> {
  if (saved)
    await db
      .insertInto("saved_guides")
      .values({ user_id: userId, guide_id: guideId, saved_at: now.toISOString() })
      .onConflict((oc) => oc.columns(["user_id", "guide_id"]).doNothing())
      .execute();
  else await db.deleteFrom("saved_guides").where("user_id", "=", userId).where("guide_id", "=", guideId).execute();
}

/**
 * The member's saved guides, newest saved first. A guide later unpublished stays on the list as
 * "no longer available" (no title: a draft's words are for editors), so nothing vanishes silently.
 */
export async function listSavedGuides(db: Kysely<Database>, viewer: NonNullable<Viewer>) {
  const rows = await db
    .selectFrom("saved_guides as s")
    .innerJoin("guides as g", "g.id", "s.guide_id")
    .select(["g.id", "g.slug", "g.title", "g.summary", "g.status", "g.visibility", "s.saved_at"])
    .where("s.user_id", "=", viewer.id)
    .orderBy("s.saved_at", "desc")
    .orderBy("g.id", "desc")
    .execute();
  return rows.map((r) => (maySeeGuide(viewer, r) ? { ...r, available: true as const } : { id: r.id, slug: r.slug, saved_at: r.saved_at, available: false as const }));
}

/** For the member's data download: the guides they saved (address, title, when). */
export async function exportSavedGuides(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("saved_guides as s")
    .innerJoin("guides as g", "g.id", "s.guide_id")
    .select(["g.slug", "g.title", "g.status", "s.saved_at"])
    .where("s.user_id", "=", userId)
    .orderBy("s.saved_at")
    .execute()
    .then((rows) => rows.map((r) => ({ guide: `/guides/${r.slug}`, title: r.status === "published" ? r.title : "(no longer published)", savedAt: r.saved_at })));
}
