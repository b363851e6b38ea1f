import type { Kysely } from "kysely";
import type { Database } from "../schema";
import type { SeedContext } from "./context";
import { sendEncouragement } from "../../app/models/circle/encouragement.server";
import { acceptCircleInvite, inviteByName } from "../../app/models/circle/invites.server";
import { getCircleLink, updatePerson } from "../../app/models/circle/people.server";
import { saveCheckOnRules } from "../../app/models/circle/check-on.server";
import { setStaffRole } from "../../app/models/circle/staff-roles.server";
import { circleViewFor, NO_SHARES, type CircleShares } from "../../app/policy/circle";
import type { CircleRole } from "../schema/circle";
import { now } from "../../app/utils/clock.server";
import { addDays, localToday } from "../../app/utils/sobriety";

async function join(db: Kysely<Database>, memberId: string, personId: string, role: CircleRole, shares: CircleShares) {
  const person = await db.selectFrom("users").select("display_name").where("id", "=", personId).executeTakeFirstOrThrow();
  await inviteByName(db, memberId, person.display_name, { role, shares });
  const invite = await db
    .selectFrom("circle_invites")
    .select("id")
    .where("user_id", "=", memberId)
    .where("invitee_id", "=", personId)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  await acceptCircleInvite(db, personId, { id: invite.id });
}

/**
 * Demo data of the support circle; idempotent. Sam has Alex as his accountability partner, who sees
 * his Benzodiazepines tracker and his check-ins (and sent him a card); Jordan (admin) is also on the
 * care team, and Morgan added Jordan as care team, sharing meeting counts and the check-ins, with
 * "check on me" on and a low-mood signal from yesterday.
 */
export async function seedCircle(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  const sam = ctx.userIds.get("sam@harbor.test");
  const alex = ctx.userIds.get("alex@harbor.test");
  const morgan = ctx.userIds.get("morgan@harbor.test");
  const jordan = ctx.userIds.get("admin@harbor.test");
  if (!sam || !alex || !morgan || !jordan) return;
  if (!(await getCircleLink(db, sam, alex))) {
    const benzo = await db.selectFrom("recovery_trackers").select("id").where("user_id", "=", sam).orderBy("id").executeTakeFirst();
    await join(db, sam, alex, "partner", { ...NO_SHARES, trackerId: benzo?.id ?? null, checkins: true });
    const view = circleViewFor({ id: alex, role: "member" }, sam, await getCircleLink(db, sam, alex));
    if (view) await sendEncouragement(db, alex, view, { card: "one_day", message: "Proud of you for every one of those days. Text me after group?" });
    ctx.created.push("Sam's support circle (Alex)");
  }
  if (!(await getCircleLink(db, morgan, jordan))) {
    await setStaffRole(db, jordan, jordan, "care_team", true);
    await join(db, morgan, jordan, "care_team", { ...NO_SHARES, checkins: true, meetings: true });
    await updatePerson(db, morgan, jordan, { role: "care_team", shares: { ...NO_SHARES, checkins: true, meetings: true }, checkOnMe: true, muted: false });
    await saveCheckOnRules(db, morgan, { silenceDays: 3, cravingsAt: 8, moodAt: 2 });
    const yesterday = addDays(localToday(now(), "America/Denver"), -1);
    await db
      .insertInto("circle_signals")
      .values({ user_id: morgan, kind: "mood", day: yesterday, created_at: new Date(now().getTime() - 20 * 3600_000).toISOString() })
      .execute();
    ctx.created.push("Morgan's support circle (Jordan, care team)");
  }
}
