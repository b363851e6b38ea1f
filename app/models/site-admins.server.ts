/**
 * What the admin command line (`npm run admin`, db/admin.ts) does: make an admin, grant or remove
 * a site role, hand a member a password-reset link, list the admins. Each failure is an
 * AdminCommandError with a sentence for the operator; role changes are in the audit log (actor:
 * the command line, shown as "Harbor (automatic)").
 */
import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Role } from "../../db/schema";
import { inTransaction } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { passwordProblem } from "../utils/password.server";
import { ROLES } from "../utils/permissions";
import { issuePasswordResetLink, RESET_TTL_MS } from "./account-tokens.server";
import { getSiteConfig } from "./site-config.server";
import { recordAudit } from "./moderation.server";
import { createUser, DuplicateAccountError, findUserByEmail, LastAdminError, setUserRole } from "./users.server";

export class AdminCommandError extends Error {}

/** The roles a command can grant or remove (everyone is a member). */
export const GRANTABLE_ROLES = ROLES.filter((r) => r !== "member");

async function memberByEmail(db: Kysely<Database>, email: string) {
  const user = await findUserByEmail(db, email);
  if (!user) throw new AdminCommandError(`No account has the e-mail address ${email}.`);
  return user;
}

export interface NewAdmin {
  email: string;
  displayName: string;
  /** Without one, the account gets an unusable random password and the result carries a link to choose one. */
  password?: string;
}

export async function createAdmin(db: Kysely<Database>, input: NewAdmin, now = clockNow()): Promise<{ email: string; resetLink: string | null }> {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email.trim())) throw new AdminCommandError(`"${input.email}" is not an e-mail address.`);
  const displayName = input.displayName.trim();
  if ([...displayName].length < 2 || [...displayName].length > 40 || displayName.includes("@"))
    throw new AdminCommandError("The display name needs 2 to 40 characters and no @ (it is shown to members).");
  if (input.password !== undefined) {
    const weak = passwordProblem(input.password, { email: input.email, displayName });
    if (weak) throw new AdminCommandError(`Password: ${weak}`);
  }
  const password = input.password ?? crypto.randomBytes(32).toString("base64url");
  const { defaultTimeZone } = await getSiteConfig(db);
  try {
    const user = await inTransaction(db, async (tx) => {
      const created = await createUser(tx, { email: input.email, displayName, password, timeZone: defaultTimeZone, role: "admin" }, now);
      await recordAudit(tx, { actorId: null, action: "user.role", subjectUserId: created.id, reason: "npm run admin -- create-admin", after: { role: "admin" } }, now);
      return created;
    });
    return { email: user.email, resetLink: input.password === undefined ? await issuePasswordResetLink(db, user, now) : null };
  } catch (error) {
    if (error instanceof DuplicateAccountError) {
      throw new AdminCommandError(
        error.field === "email"
          ? `An account with ${input.email} exists already: make it an admin with grant-role instead.`
          : `Someone already uses the display name "${displayName}".`,
      );
    }
    throw error;
  }
}

/** Grants (role) or removes (back to member) a site role. Returns false when nothing changed. */
export async function changeRole(db: Kysely<Database>, email: string, role: Role, grant: boolean, now = clockNow()): Promise<boolean> {
  if (!(GRANTABLE_ROLES as readonly Role[]).includes(role)) throw new AdminCommandError(`"${role}" is not a role that can be granted. Roles: ${GRANTABLE_ROLES.join(", ")}.`);
  const user = await memberByEmail(db, email);
  const next: Role = grant ? role : "member";
  if (grant ? user.role === role : user.role !== role) return false;
  try {
    await inTransaction(db, async (tx) => {
      await setUserRole(tx, user.id, next, now);
      await recordAudit(
        tx,
        {
          actorId: null,
          action: "user.role",
          subjectUserId: user.id,
          reason: `npm run admin -- ${grant ? "grant-role" : "remove-role"}`,
          before: { role: user.role },
          after: { role: next },
        },
        now,
      );
    });
  } catch (error) {
    if (error instanceof LastAdminError) throw new AdminCommandError(`${email} is the only admin. Make someone else an admin first (grant-role <their e-mail> admin).`);
    throw error;
  }
  return true;
}

export async function resetLinkFor(db: Kysely<Database>, email: string, now = clockNow()): Promise<{ link: string; minutes: number }> {
  const user = await memberByEmail(db, email);
  return { link: await issuePasswordResetLink(db, user, now), minutes: RESET_TTL_MS / 60_000 };
}

export async function listAdmins(db: Kysely<Database>) {
  return db.selectFrom("users").select(["display_name", "email", "created_at"]).where("role", "=", "admin").orderBy("created_at").orderBy("id").execute();
}
