/**
 * Guides (the resource library, docs/guides.md): who may read one, write them, and save one.
 *
 * - a published public guide: everyone, visitors too;
 * - a published members-only guide: signed-in members;
 * - a draft (never published, or unpublished): editors and admins only.
 * Whatever a viewer may not read answers 404, so a draft's or a members-only guide's existence does
 * not leak (a visitor is asked to sign in first: the sign-in page says nothing about the guide).
 * Writing (new, edit, publish, unpublish, history of a draft) is the `guides:write` permission:
 * editors and admins. An editor is not a moderator: app/policy/moderation.ts never counts the role.
 *
 * Each rule is written once in JavaScript (`maySeeGuide`) and once for queries (`guideReadableSql`).
 */
import { expressionBuilder, sql, type Expression, type SqlBool } from "kysely";
import type { Database } from "../../db/schema";
import type { GuideStatus, GuideVisibility } from "../../db/schema/guides";
import { can } from "../utils/permissions";
import type { Viewer } from "./groups";

export interface GuideState {
  status: GuideStatus;
  visibility: GuideVisibility;
}

/** Editors and admins write, edit, publish and unpublish guides, and read drafts. */
export function mayWriteGuides(viewer: Viewer): boolean {
  return can(viewer, "guides:write");
}

/** May the viewer read this guide (its page, its place in lists and search)? */
export function maySeeGuide(viewer: Viewer, guide: GuideState): boolean {
  if (mayWriteGuides(viewer)) return true;
  if (guide.status !== "published") return false;
  return guide.visibility === "public" || viewer !== null;
}

/** A guide's revision history: what readers may read, they may see how it changed. */
export const maySeeGuideHistory = maySeeGuide;

/** "Save to My guides": a signed-in member, a guide they may read that is published. */
export function maySaveGuide(viewer: Viewer, guide: GuideState): boolean {
  return viewer !== null && guide.status === "published" && maySeeGuide(viewer, guide);
}

/** Where a query holds the guide: its status and visibility columns (e.g. `"g.status"`). */
export interface GuideColumns {
  status: string;
  visibility: string;
}

/** `maySeeGuide` inside a query: `1 = 1` for writers; published (and public, for a visitor) otherwise. */
export function guideReadableSql(viewer: Viewer, guide: GuideColumns): Expression<SqlBool> {
  const eb = expressionBuilder<Database, never>();
  if (mayWriteGuides(viewer)) return sql<SqlBool>`1 = 1`;
  const published = eb(sql.ref<string>(guide.status), "=", "published");
  if (viewer) return published;
  return eb.and([published, eb(sql.ref<string>(guide.visibility), "=", "public")]);
}
