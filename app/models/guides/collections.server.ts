/**
 * The library's collections (docs/guides.md): editors and admins add, rename, describe, order and
 * remove them on /guides/collections. A collection's address (slug) never changes once made: the
 * check-in, the crisis page and the plan find their guides by the starter collections' slugs
 * (offers.server.ts), so renaming one keeps what it offers. Only an empty collection can be removed,
 * so no guide is ever left without its readers knowing where it went.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { now as clockNow } from "../../utils/clock.server";
import { inTransaction, isUniqueViolation } from "../../../db/client";
import { slugify } from "../../utils/group-labels";
import { GuideError, RESERVED_GUIDE_SLUGS } from "./guides.server";

export const COLLECTION_NAME_MAX = 80;
export const COLLECTION_DESCRIPTION_MAX = 300;

export interface CollectionInput {
  name: string;
  description: string;
}

export interface EditableCollection {
  id: number;
  slug: string;
  name: string;
  description: string;
  guides: number;
}

/** Every collection in the library's order, with how many guides (drafts included) it holds. */
export async function listEditableCollections(db: Kysely<Database>): Promise<EditableCollection[]> {
  const rows = await db
    .selectFrom("guide_collections as c")
    .leftJoin("guides as g", "g.collection_id", "c.id")
    .select((eb) => ["c.id", "c.slug", "c.name", "c.description", eb.fn.count<number>("g.id").as("guides")])
    .groupBy(["c.id", "c.slug", "c.name", "c.description", "c.position"])
    .orderBy("c.position")
    .orderBy("c.name")
    .execute();
  return rows.map((r) => ({ ...r, guides: Number(r.guides) }));
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

async function refuseTakenName(db: Kysely<Database>, name: string, except: number | null): Promise<void> {
  const all = await db.selectFrom("guide_collections").select(["id", "name"]).execute();
  if (all.some((c) => c.id !== except && sameName(c.name, name))) throw new GuideError(`There is already a collection called “${name}”.`, "name", 409);
}

/** A free address made from the name: `sleep`, else `sleep-2`, `sleep-3`, … */
async function freeSlug(db: Kysely<Database>, name: string): Promise<string> {
  const base = slugify(name) || "collection";
  const taken = new Set((await db.selectFrom("guide_collections").select("slug").where("slug", "like", `${base}%`).execute()).map((r) => r.slug));
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(slug) && !RESERVED_GUIDE_SLUGS.has(slug)) return slug;
  }
}

/** A new collection, last in the library's order. */
export async function addCollection(db: Kysely<Database>, input: CollectionInput, now = clockNow()): Promise<EditableCollection> {
  await refuseTakenName(db, input.name, null);
  try {
    return await inTransaction(db, async (tx) => {
      const last = await tx
        .selectFrom("guide_collections")
        .select((eb) => eb.fn.max("position").as("p"))
        .executeTakeFirst();
      const slug = await freeSlug(tx, input.name);
      const row = await tx
        .insertInto("guide_collections")
        .values({ slug, name: input.name, description: input.description, position: Number(last?.p ?? 0) + 1, created_at: now.toISOString() })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { id: row.id, slug, name: input.name, description: input.description, guides: 0 };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new GuideError("Someone added a collection with this name just now. Choose another name.", "name", 409);
    throw error;
  }
}

async function requireCollection(db: Kysely<Database>, id: number) {
  const row = await db.selectFrom("guide_collections").select(["id", "position"]).where("id", "=", id).executeTakeFirst();
  if (!row) throw new GuideError("That collection is no longer here.", "form", 404);
  return row;
}

/** A new name and description; the address stays. */
export async function updateCollection(db: Kysely<Database>, id: number, input: CollectionInput): Promise<void> {
  await requireCollection(db, id);
  await refuseTakenName(db, input.name, id);
  await db.updateTable("guide_collections").set({ name: input.name, description: input.description }).where("id", "=", id).execute();
}

/** One place earlier or later in the library's order (swapped with its neighbour; at either end, nothing changes). */
export async function moveCollection(db: Kysely<Database>, id: number, direction: "up" | "down"): Promise<void> {
  await requireCollection(db, id);
  await inTransaction(db, async (tx) => {
    const order = await tx.selectFrom("guide_collections").select(["id", "position"]).orderBy("position").orderBy("name").execute();
    const at = order.findIndex((c) => c.id === id);
    const other = order[direction === "up" ? at - 1 : at + 1];
    if (at < 0 || !other) return;
    // Positions are renumbered 1…n first: collections made before ordering existed may share one.
    const next = order.map((c, i) => ({ id: c.id, position: i + 1 }));
    const self = next[at]!;
    const swap = next.find((c) => c.id === other.id)!;
    [self.position, swap.position] = [swap.position, self.position];
    for (const c of next) await tx.updateTable("guide_collections").set({ position: c.position }).where("id", "=", c.id).execute();
  });
}

/** Removes an empty collection; one that still holds guides is refused (409) with how many. */
export async function removeCollection(db: Kysely<Database>, id: number): Promise<void> {
  await requireCollection(db, id);
  await inTransaction(db, async (tx) => {
    const held = await tx
      .selectFrom("guides")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("collection_id", "=", id)
      .executeTakeFirst();
    const n = Number(held?.n ?? 0);
    if (n > 0)
      throw new GuideError(`This collection still holds ${n === 1 ? "a guide" : `${n} guides`}. Move ${n === 1 ? "it" : "them"} to another collection first.`, "form", 409);
    await tx.deleteFrom("guide_collections").where("id", "=", id).execute();
  });
}
