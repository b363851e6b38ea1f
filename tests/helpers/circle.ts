/** Support-circle test set-up: a member, a tracker, and people in their circle with chosen shares. */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { CircleRole } from "../../db/schema/circle";
import { acceptCircleInvite, inviteByName } from "../../app/models/circle/invites.server";
import { setStaffRole } from "../../app/models/circle/staff-roles.server";
import { addMember } from "../../app/models/groups.server";
import { createTracker, getMilestoneSet } from "../../app/models/recovery-trackers.server";
import { NO_SHARES, type CircleShares } from "../../app/policy/circle";
import { makeGroup, makeSignedInUser } from "../factories";

export type Person = Awaited<ReturnType<typeof makeSignedInUser>>;

/** Invites `person` by name and has them accept: they are in `member`'s circle with these shares. */
export async function addToCircle(db: Kysely<Database>, member: Person, person: Person, shares: Partial<CircleShares> = {}, role: CircleRole = "partner") {
  await inviteByName(db, member.user.id, person.user.display_name, { role, shares: { ...NO_SHARES, ...shares } });
  const invite = await db
    .selectFrom("circle_invites")
    .select("id")
    .where("user_id", "=", member.user.id)
    .where("invitee_id", "=", person.user.id)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  await acceptCircleInvite(db, person.user.id, { id: invite.id });
}

/** A member with a tracker, in a group with `others` (so they can be invited by name). */
export async function circleWorld(db: Kysely<Database>) {
  const member = await makeSignedInUser(db, { timeZone: "America/Chicago" });
  const group = await makeGroup(db, { visibility: "private" });
  await addMember(db, group.id, member.user.id);
  const trackerId = await createTracker(
    db,
    member.user.id,
    { name: "Benzodiazepines-sealed-77", startDate: "2026-08-01", startTime: null },
    await getMilestoneSet(db),
    "America/Chicago",
  );
  const person = async (options: { role?: "member" | "admin"; inGroup?: boolean; groupRole?: "member" | "moderator"; careTeam?: boolean } = {}) => {
    const p = await makeSignedInUser(db, { role: options.role ?? "member" });
    if (options.inGroup !== false) await addMember(db, group.id, p.user.id, options.groupRole ?? "member");
    if (options.careTeam) {
      const admin = await makeSignedInUser(db, { role: "admin" });
      await setStaffRole(db, admin.user.id, p.user.id, "care_team", true);
    }
    return p;
  };
  return { member, group, trackerId, person };
}
