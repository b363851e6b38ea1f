/** Tables of the resource library (docs/guides.md); `Database` in db/schema.ts extends this interface. Same portability rules as db/schema.ts. */
import type { ColumnType, Generated } from "kysely";

export type GuideVisibility = "public" | "members";
export type GuideStatus = "draft" | "published";

export interface GuideCollectionsTable {
  id: Generated<number>;
  /** Stable: the check-in, crisis page and plan find their guides by collection slug. */
  slug: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  position: ColumnType<number, number | undefined, number>;
  created_at: string;
}

export interface GuidesTable {
  id: Generated<number>;
  slug: string;
  collection_id: number | null;
  title: string;
  summary: ColumnType<string, string | undefined, string>;
  body_source: string;
  /** Rendered and sanitised when saved (as posts are); pages show only this. */
  body_html: string;
  visibility: ColumnType<GuideVisibility, GuideVisibility | undefined, GuideVisibility>;
  status: ColumnType<GuideStatus, GuideStatus | undefined, GuideStatus>;
  position: ColumnType<number, number | undefined, number>;
  /** Set on the guides of Harbor's starter library. */
  starter_key: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: string | null;
  updated_by: string | null;
  /** "Last reviewed on … by …"; reviewed_by null with a date: Harbor's starter library. */
  reviewed_at: string | null;
  reviewed_by: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Every saved version of a guide, the current one included (number 1 is the first). */
export interface GuideRevisionsTable {
  id: Generated<number>;
  guide_id: number;
  number: number;
  title: string;
  summary: string;
  body_source: string;
  visibility: GuideVisibility;
  status: GuideStatus;
  /** What changed, in the editor's words (optional). */
  note: ColumnType<string, string | undefined, string>;
  edited_by: string | null;
  created_at: string;
}

/** A member's "My guides": private to them. */
export interface SavedGuidesTable {
  user_id: string;
  guide_id: number;
  saved_at: string;
}

export interface GuideTables {
  guide_collections: GuideCollectionsTable;
  guides: GuidesTable;
  guide_revisions: GuideRevisionsTable;
  saved_guides: SavedGuidesTable;
}
