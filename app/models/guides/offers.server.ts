/**
 * Which guides each page offers (docs/guides.md, "Where guides meet people"), by the starter
 * library's collection slugs: the crisis page the coping guides (public ones: the page is kept
 * offline as a visitor sees it), a check-in with cravings at or above CRAVINGS_OFFER_AT two
 * craving guides, the plan its ideas.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { Viewer } from "../../policy";
import { guidesInCollections } from "./guides.server";
import { COPING_COLLECTIONS, CRAVING_COLLECTIONS, PLAN_COLLECTIONS } from "./starter/collections";

export const CRAVINGS_OFFER_AT = 7;

export function crisisPageGuides(db: Kysely<Database>) {
  return guidesInCollections(db, null, COPING_COLLECTIONS, 4);
}

export function cravingGuides(db: Kysely<Database>, viewer: Viewer, cravings: number | null) {
  return cravings !== null && cravings >= CRAVINGS_OFFER_AT ? guidesInCollections(db, viewer, CRAVING_COLLECTIONS, 2) : Promise.resolve([]);
}

export function planGuides(db: Kysely<Database>, viewer: Viewer) {
  return guidesInCollections(db, viewer, PLAN_COLLECTIONS, 4);
}
