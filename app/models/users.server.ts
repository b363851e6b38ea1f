import type { Kysely } from "kysely";
import type { Database, Role, User } from "../../db/schema";
import { isUniqueViolation, inTransaction } from "../../db/client";
import { randomId } from "../utils/ids.server";
import { hashPassword } from "../utils/password.server";
import { deleteUserSessions } from "./sessions.server";
import { deletePrivateData, removeMemberPosts } from "./member-data.server";
import { queueEmailChangedNotice, queuePasswordChangedNotice } from "./account-notices.server";
import { now as clockNow } from "../utils/clock.server";

export function normalizeEmail(email: string): string {
  return email.normalize("NFKC").trim().toLowerCase();
}

/** "Sam R.", "sam r" and "SAM  R" are one name: keeps names unique so nobody can pass as another member. */
export function displayNameKey(displayName: string): string {
  return displayName
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

export class DuplicateAccountError extends Error {
  constructor(readonly field: "email" | "displayName") {
    super(field === "email" ? "An account with that e-mail already exists." : "That display name is taken.");
  }
}

export interface NewAccount {
  email: string;
  displayName: string;
  password: string;
  /** An argon2id hash of `password` made earlier: the demo seed and the tests hash each password once. */
  passwordHash?: string;
  timeZone: string;
  role?: Role;
  bio?: string;
}

/** What other members may know about someone: never the e-mail address. */
export type PublicProfile = Pick<User, "id" | "display_name" | "bio" | "role" | "created_at">;

/** The columns of `users` that are safe to hand to any page; the e-mail and password hash are not among them. */
export const PUBLIC_USER_COLUMNS = ["id", "display_name", "bio", "role", "created_at"] as const;

async function assertNameAndEmailFree(db: Kysely<Database>, email: string | null, nameKey: string | null, exceptUserId?: string) {
  if (email) {
    let q = db.selectFrom("users").select("id").where("email", "=", email);
    if (exceptUserId) q = q.where("id", "!=", exceptUserId);
    if (await q.executeTakeFirst()) throw new DuplicateAccountError("email");
  }
  if (nameKey) {
    let q = db.selectFrom("users").select("id").where("display_name_key", "=", nameKey);
    if (exceptUserId) q = q.where("id", "!=", exceptUserId);
    if (await q.executeTakeFirst()) throw new DuplicateAccountError("displayName");
  }
}

/** Maps a unique-index violation (two sign-ups racing) to the field that collided. */
function rethrowDuplicate(error: unknown): never {
  if (isUniqueViolation(error)) {
    const message = String((error as Error).message);
    throw new DuplicateAccountError(/display_name/.test(message) ? "displayName" : "email");
  }
  throw error;
}

export async function createUser(db: Kysely<Database>, account: NewAccount, now: Date = clockNow()): Promise<User> {
  const email = normalizeEmail(account.email);
  const nameKey = displayNameKey(account.displayName);
  await assertNameAndEmailFree(db, email, nameKey);
  const user: User = {
    id: randomId(),
    email,
    display_name: account.displayName,
    display_name_key: nameKey,
    password_hash: account.passwordHash ?? (await hashPassword(account.password)),
    role: account.role ?? "member",
    time_zone: account.timeZone,
    bio: account.bio ?? "",
    crisis_region: null,
    messages_from: "groups",
    discreet_mode: 0,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  try {
    await db.insertInto("users").values(user).execute();
  } catch (error) {
    rethrowDuplicate(error);
  }
  return user;
}

/** Whether a member already uses this display name (or one that differs only in case, spacing or punctuation). */
export async function isDisplayNameTaken(db: Kysely<Database>, displayName: string): Promise<boolean> {
  return !!(await db.selectFrom("users").select("id").where("display_name_key", "=", displayNameKey(displayName)).executeTakeFirst());
}

/**
 * Members by display name, as typed into a "To" field (case, spacing and punctuation don't matter):
 * their ids in the order given, or the first name that matches nobody.
 */
export async function findMembersByDisplayNames(db: Kysely<Database>, names: readonly string[]): Promise<{ ids: string[]; missing: null } | { ids: null; missing: string }> {
  const keys = names.map(displayNameKey);
  const found = keys.length ? await db.selectFrom("users").select(["id", "display_name_key"]).where("display_name_key", "in", keys).execute() : [];
  const byKey = new Map(found.map((f) => [f.display_name_key, f.id]));
  const missing = names.find((_, i) => !byKey.has(keys[i]!));
  return missing === undefined ? { ids: keys.map((k) => byKey.get(k)!), missing: null } : { ids: null, missing };
}

/** A member's display name by id (a link's `?to=`), or "" when there is no such member. */
export async function displayNameOf(db: Kysely<Database>, userId: string): Promise<string> {
  if (userId.length > 64) return "";
  return (await db.selectFrom("users").select("display_name").where("id", "=", userId).executeTakeFirst())?.display_name ?? "";
}

export async function findUserByEmail(db: Kysely<Database>, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normalizeEmail(email)).executeTakeFirst();
}

/** Everything about an account, for its owner's own settings pages. */
export async function getAccount(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "display_name", "bio", "role", "time_zone", "crisis_region", "discreet_mode", "created_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
}

export async function getPublicProfile(db: Kysely<Database>, userId: string): Promise<PublicProfile | undefined> {
  return db.selectFrom("users").select(PUBLIC_USER_COLUMNS).where("id", "=", userId).executeTakeFirst();
}

export async function updateProfile(
  db: Kysely<Database>,
  userId: string,
  profile: { displayName: string; timeZone: string; bio: string; crisisRegion?: string | null; discreet?: boolean },
  now: Date = clockNow(),
): Promise<void> {
  const nameKey = displayNameKey(profile.displayName);
  await assertNameAndEmailFree(db, null, nameKey, userId);
  try {
    await db
      .updateTable("users")
      .set({
        display_name: profile.displayName,
        display_name_key: nameKey,
        time_zone: profile.timeZone,
        bio: profile.bio,
        ...(profile.crisisRegion !== undefined ? { crisis_region: profile.crisisRegion } : {}),
        ...(profile.discreet !== undefined ? { discreet_mode: profile.discreet ? 1 : 0 } : {}),
        updated_at: now.toISOString(),
      })
      .where("id", "=", userId)
      .execute();
  } catch (error) {
    rethrowDuplicate(error);
  }
}

/** Discreet mode on or off (the home page's one-tap toggle and the profile's setting). */
export async function setDiscreetMode(db: Kysely<Database>, userId: string, on: boolean): Promise<void> {
  await db
    .updateTable("users")
    .set({ discreet_mode: on ? 1 : 0 })
    .where("id", "=", userId)
    .execute();
}

/** Sets a new password and ends every other session of the member, in one transaction. Returns how many sessions ended. */
export async function changePassword(db: Kysely<Database>, userId: string, newPassword: string, keepSessionId: string, now = clockNow()): Promise<number> {
  const passwordHash = await hashPassword(newPassword);
  return inTransaction(db, async (tx) => {
    await tx.updateTable("users").set({ password_hash: passwordHash, updated_at: now.toISOString() }).where("id", "=", userId).execute();
    await queuePasswordChangedNotice(tx, userId, now);
    return deleteUserSessions(tx, userId, keepSessionId);
  });
}

export async function changeEmail(db: Kysely<Database>, userId: string, newEmail: string, now = clockNow()): Promise<void> {
  const email = normalizeEmail(newEmail);
  await assertNameAndEmailFree(db, email, null, userId);
  try {
    await inTransaction(db, async (tx) => {
      const before = await tx.selectFrom("users").select("email").where("id", "=", userId).executeTakeFirst();
      await tx.updateTable("users").set({ email, updated_at: now.toISOString() }).where("id", "=", userId).execute();
      if (before && before.email !== email) await queueEmailChangedNotice(tx, userId, before.email, now);
    });
  } catch (error) {
    rethrowDuplicate(error);
  }
}

export class LastAdminError extends Error {
  constructor() {
    super("Harbor needs at least one admin. Make someone else an admin first.");
  }
}

async function isLastAdmin(db: Kysely<Database>, userId: string): Promise<boolean> {
  const admins = await db.selectFrom("users").select("id").where("role", "=", "admin").limit(2).execute();
  return admins.length === 1 && admins[0]!.id === userId;
}

/**
 * Deletes an account in one transaction: every private record (recovery area), then the account
 * itself — sessions and other owned rows go by cascade; posts stay as "a former member"'s unless
 * `deletePosts` asks for them to go too. The last admin cannot leave the site without one.
 */
export async function deleteUser(db: Kysely<Database>, userId: string, options: { deletePosts?: boolean } = {}): Promise<void> {
  await inTransaction(db, async (tx) => {
    if (await isLastAdmin(tx, userId)) throw new LastAdminError();
    await deletePrivateData(tx, userId);
    if (options.deletePosts) await removeMemberPosts(tx, userId);
    await tx.deleteFrom("users").where("id", "=", userId).execute();
  });
}

export async function setUserRole(db: Kysely<Database>, userId: string, role: Role, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    if (role !== "admin" && (await isLastAdmin(tx, userId))) throw new LastAdminError();
    await tx.updateTable("users").set({ role, updated_at: now.toISOString() }).where("id", "=", userId).execute();
  });
}

export const USERS_PAGE_SIZE = 25;

/**
 * Members for the admin console, newest first, with keyset pagination on (created_at, id):
 * `after` is the cursor from the previous page.
 */
export async function listUsers(db: Kysely<Database>, options: { after?: { createdAt: string; id: string }; limit?: number } = {}) {
  const limit = options.limit ?? USERS_PAGE_SIZE;
  let query = db
    .selectFrom("users")
    .select(PUBLIC_USER_COLUMNS)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(limit + 1);
  const after = options.after;
  if (after) {
    // Row-value comparison: one index range scan on (created_at, id) on both databases.
    query = query.where((eb) => eb(eb.refTuple("created_at", "id"), "<", eb.tuple(after.createdAt, after.id)));
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { users: page, next: rows.length > limit && last ? { createdAt: last.created_at, id: last.id } : null };
}

export async function countUsersByRole(db: Kysely<Database>): Promise<Record<Role, number>> {
  const rows = await db
    .selectFrom("users")
    .select(["role", db.fn.countAll<number>().as("count")])
    .groupBy("role")
    .execute();
  const counts: Record<Role, number> = { member: 0, editor: 0, admin: 0 };
  for (const row of rows) counts[row.role] = Number(row.count);
  return counts;
}
