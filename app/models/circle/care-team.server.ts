/**
 * The care team's list: members who added this staff member to their circle and asked them to
 * check on them, with the latest signal, newest first. Only members who added them; only what
 * those members chose (the circle page, through the policy) — never anyone else.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { CIRCLE_ROLES } from "../../policy/circle";
import { signalWords } from "./check-on.server";

export async function listCheckOnMembers(db: Kysely<Database>, personId: string) {
  const rows = await db
    .selectFrom("circle_members as cm")
    .innerJoin("users as u", "u.id", "cm.user_id")
    .select((eb) => [
      "cm.user_id as memberId",
      "u.display_name as displayName",
      "cm.role",
      eb.selectFrom("circle_signals as s").select("s.kind").whereRef("s.user_id", "=", "cm.user_id").orderBy("s.created_at", "desc").orderBy("s.id", "desc").limit(1).as("kind"),
      eb
        .selectFrom("circle_signals as s")
        .select("s.created_at")
        .whereRef("s.user_id", "=", "cm.user_id")
        .orderBy("s.created_at", "desc")
        .orderBy("s.id", "desc")
        .limit(1)
        .as("signalAt"),
    ])
    .where("cm.person_id", "=", personId)
    .where("cm.check_on_me", "=", 1)
    .execute();
  return rows
    .map((r) => ({
      memberId: r.memberId,
      displayName: r.displayName,
      roleLabel: CIRCLE_ROLES[r.role] ?? r.role,
      signal: r.kind ? signalWords(r.kind) : null,
      signalAt: r.signalAt ?? null,
    }))
    .sort((a, b) => (b.signalAt ?? "").localeCompare(a.signalAt ?? "") || a.displayName.localeCompare(b.displayName));
}
