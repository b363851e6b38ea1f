import type { Kysely } from "kysely";
import type { Database } from "../schema";
import type { SeedContext } from "./context";
import { installStarterLibrary } from "../../app/models/guides/starter.server";
import { getGuideBySlug, setGuideSaved } from "../../app/models/guides/guides.server";

/**
 * Demo data of the resource library; idempotent. The starter library (which every site also gets
 * at server start) and two guides in Sam's "My guides". The demo's editor, Casey, is in DEMO_USERS.
 */
export async function seedGuides(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  const added = await installStarterLibrary(db);
  if (added > 0) ctx.created.push(`the starter library (${added} guides)`);
  const sam = ctx.userIds.get("sam@harbor.test");
  const hasSaved = sam ? await db.selectFrom("saved_guides").select("guide_id").where("user_id", "=", sam).executeTakeFirst() : undefined;
  if (sam && !hasSaved) {
    for (const slug of ["tapering-safely", "sleep-in-early-recovery"]) {
      const guide = await getGuideBySlug(db, slug);
      if (guide) await setGuideSaved(db, sam, guide.id, true);
    }
    ctx.created.push("Sam's saved guides");
  }
}
