/**
 * The support circle in the member's data download, and what account deletion removes: the
 * member's circle, invitations, rules, signals, history, the encouragement they received and their
 * reach-outs (free text opened for them here, and nowhere else leaves Harbor). Their places in other
 * members' circles go by cascade with the account.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { CIRCLE_PRIVATE_TABLES } from "../../../db/schema/circle";
import { getCheckOnRules } from "./check-on.server";
import { listEncouragement } from "./encouragement.server";
import { describeCircleEvent, listCircleHistory } from "./history.server";
import { listCirclePeople, listCirclesIn } from "./people.server";
import { listReachOuts } from "./reach-out.server";

export async function exportCircleData(db: Kysely<Database>, userId: string) {
  const [people, circlesIn, rules, encouragement, reachOuts, history, signals] = await Promise.all([
    listCirclePeople(db, userId),
    listCirclesIn(db, userId),
    getCheckOnRules(db, userId),
    listEncouragement(db, userId, 10_000),
    listReachOuts(db, userId, 10_000),
    listCircleHistory(db, userId, 100_000),
    db.selectFrom("circle_signals").select(["kind", "day", "created_at"]).where("user_id", "=", userId).orderBy("id").execute(),
  ]);
  return {
    people: people.map((p) => ({ name: p.displayName, role: p.roleLabel, sees: p.items, checkOnMe: p.checkOnMe, muted: p.muted, since: p.joinedAt })),
    circlesYouAreIn: circlesIn.map((c) => ({ member: c.displayName, role: c.roleLabel })),
    checkOnMeRules: rules,
    signals,
    encouragementReceived: encouragement.map((e) => ({ from: e.from, card: e.card, message: e.message, at: e.at })),
    reachOuts: reachOuts.map((r) => ({ at: r.at, line: r.line, told: r.told })),
    history: history.map((h) => ({ at: h.at, what: describeCircleEvent(h) })),
  };
}

export async function deleteCircleData(tx: Kysely<Database>, userId: string): Promise<void> {
  for (const table of CIRCLE_PRIVATE_TABLES) await tx.deleteFrom(table).where("user_id", "=", userId).execute();
  await tx.deleteFrom("circle_members").where("person_id", "=", userId).execute();
  await tx.deleteFrom("user_staff_roles").where("user_id", "=", userId).execute();
}
