/**
 * Key rotation for the encrypted private text (recovery records, circle encouragement and reach-out
 * lines, private messages and reported messages' excerpts, the site's push key): re-seals every value that an older key
 * sealed with the current (first) key of HARBOR_DATA_KEYS. Runs in batches; safe to run again
 * (values already on the current key are skipped).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { needsResealing, openText, sealText } from "../utils/private-text.server";
import { conversationOwner } from "./messages/conversations.server";
import { resealVapidKey } from "./push/keys.server";
import { reportOwner } from "./messages/reports.server";

/**
 * Where sealed values live: the table, the column, the column that pages through it (`key`), and
 * whose they are (the owner they were sealed for: a member's id, or "conversation:<id>" for a private
 * message, "report:<id>" for a reported message's excerpt).
 */
type SealedColumn = {
  table:
    | "recovery_trackers"
    | "recovery_slips"
    | "recovery_checkins"
    | "recovery_journal_entries"
    | "recovery_taper_steps"
    | "circle_encouragements"
    | "circle_reach_outs"
    | "messages"
    | "report_excerpts";
  column: "name_enc" | "note_enc" | "body_enc" | "medication_enc" | "message_enc" | "line_enc" | "excerpt_enc";
  key?: "id" | "report_id";
  owner?: { column: "conversation_id" | "report_id"; of: (value: number) => string };
};

const SEALED: SealedColumn[] = [
  { table: "recovery_trackers", column: "name_enc" },
  { table: "recovery_slips", column: "note_enc" },
  { table: "recovery_checkins", column: "note_enc" },
  { table: "recovery_journal_entries", column: "body_enc" },
  { table: "recovery_taper_steps", column: "medication_enc" },
  { table: "recovery_taper_steps", column: "note_enc" },
  { table: "circle_encouragements", column: "message_enc" },
  { table: "circle_reach_outs", column: "line_enc" },
  { table: "messages", column: "body_enc", owner: { column: "conversation_id", of: conversationOwner } },
  { table: "report_excerpts", column: "excerpt_enc", key: "report_id", owner: { column: "report_id", of: reportOwner } },
];

const BATCH = 500;

/**
 * Seals tracker names still stored in plain text (a site from before names were sealed: see
 * db/migrations/2026-12-07T0930_tracker_names_sealed.ts) and blanks the plain column. Run after
 * migrating, at every start; a no-op once done. Returns how many it sealed.
 */
export async function sealTrackerNames(db: Kysely<Database>): Promise<number> {
  let sealed = 0;
  for (;;) {
    const rows = await db.selectFrom("recovery_trackers").select(["id", "user_id", "name"]).where("name_enc", "is", null).orderBy("id").limit(BATCH).execute();
    if (rows.length === 0) return sealed;
    for (const row of rows) {
      // Only a row still without a sealed name: a rename meanwhile is kept.
      await db
        .updateTable("recovery_trackers")
        .set({ name: "", name_enc: sealText(row.name, row.user_id) })
        .where("id", "=", row.id)
        .where("name_enc", "is", null)
        .execute();
      sealed++;
    }
  }
}

export async function resealAll(db: Kysely<Database>): Promise<number> {
  let resealed = (await sealTrackerNames(db)) + (await resealVapidKey(db));
  for (const { table, column, key = "id", owner } of SEALED) {
    const ownerColumn = owner?.column ?? "user_id";
    let after = 0;
    for (;;) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table and columns come from SEALED, a list Kysely's types cannot follow
      const rows = (await (db as Kysely<any>)
        .selectFrom(table)
        .select([`${key} as key`, `${ownerColumn} as owner`, `${column} as sealed`])
        .where(key, ">", after)
        .where(column, "is not", null)
        .orderBy(key)
        .limit(BATCH)
        .execute()) as { key: number; owner: string | number; sealed: string }[];
      if (rows.length === 0) break;
      for (const row of rows) {
        // "" is a removed message: nothing sealed.
        if (!row.sealed || !needsResealing(row.sealed)) continue;
        const ownerId = owner ? owner.of(Number(row.owner)) : String(row.owner);
        // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
        await (db as Kysely<any>)
          .updateTable(table)
          .set({ [column]: sealText(openText(row.sealed, ownerId), ownerId) })
          .where(key, "=", row.key)
          .execute();
        resealed++;
      }
      after = Number(rows[rows.length - 1]!.key);
    }
  }
  let afterUser = "";
  for (;;) {
    const plans = await db.selectFrom("recovery_plans").select(["user_id", "plan_enc"]).where("user_id", ">", afterUser).orderBy("user_id").limit(BATCH).execute();
    if (plans.length === 0) break;
    for (const plan of plans) {
      if (!needsResealing(plan.plan_enc)) continue;
      await db
        .updateTable("recovery_plans")
        .set({ plan_enc: sealText(openText(plan.plan_enc, plan.user_id), plan.user_id) })
        .where("user_id", "=", plan.user_id)
        .execute();
      resealed++;
    }
    afterUser = plans[plans.length - 1]!.user_id;
  }
  return resealed;
}
