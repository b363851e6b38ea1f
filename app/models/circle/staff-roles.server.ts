/**
 * Site staff roles besides `users.role`: today only "care team" (alumni-programme staff a member
 * can add to their support circle as care team). Roles are data (decision 0011): an admin grants
 * or removes one in the admin console, and the audit log records it. The role moderates nothing.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { StaffRole } from "../../../db/schema/circle";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { recordAudit } from "../moderation/audit.server";

export const STAFF_ROLES: Record<StaffRole, string> = { care_team: "Care team" };

export async function getStaffRoles(db: Kysely<Database>, userId: string): Promise<StaffRole[]> {
  const rows = await db.selectFrom("user_staff_roles").select("role").where("user_id", "=", userId).execute();
  return rows.map((r) => r.role);
}

/** The staff roles of several members at once (the admin console's page of members). */
export async function staffRolesOf(db: Kysely<Database>, userIds: string[]): Promise<Map<string, StaffRole[]>> {
  const map = new Map<string, StaffRole[]>();
  if (userIds.length === 0) return map;
  const rows = await db.selectFrom("user_staff_roles").select(["user_id", "role"]).where("user_id", "in", userIds).execute();
  for (const row of rows) map.set(row.user_id, [...(map.get(row.user_id) ?? []), row.role]);
  return map;
}

/** Grants or removes a staff role (an admin's act, in the audit log). Returns false when nothing changed. */
export async function setStaffRole(db: Kysely<Database>, adminId: string, userId: string, role: StaffRole, grant: boolean, now = clockNow()): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const had = await tx.selectFrom("user_staff_roles").select("role").where("user_id", "=", userId).where("role", "=", role).executeTakeFirst();
    if (!!had === grant) return false;
    if (grant) await tx.insertInto("user_staff_roles").values({ user_id: userId, role, granted_by: adminId, granted_at: now.toISOString() }).execute();
    else await tx.deleteFrom("user_staff_roles").where("user_id", "=", userId).where("role", "=", role).execute();
    await recordAudit(tx, { actorId: adminId, action: "user.staff_role", subjectUserId: userId, before: { [role]: !grant }, after: { [role]: grant } }, now);
    return true;
  });
}
