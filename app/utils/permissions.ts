/**
 * Roles and what they may do, as data. Every server-side check goes through `can` (or the guards
 * built on it in auth.server.ts); pages use the same function only to decide which links to show.
 * Group-level roles (moderator) join this map with the boards.
 */
import type { Role } from "../../db/schema";

export const PERMISSIONS = {
  "profile:view": "See other members' public profiles (display name, bio)",
  "admin:console": "Open the admin console",
  "site:settings": "Change site settings such as the crisis resources",
  "user:role": "Make a member an admin, or an admin a member",
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  member: ["profile:view"],
  admin: ["profile:view", "admin:console", "site:settings", "user:role"],
};

export const ROLES: readonly Role[] = ["member", "admin"];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(user: { role: string } | null | undefined, permission: Permission): boolean {
  if (!user || !isRole(user.role)) return false;
  return ROLE_PERMISSIONS[user.role].includes(permission);
}
