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
  "user:role": "Give a member a site role (editor, admin), or take it back",
  "guides:write": "Write, edit, publish and unpublish guides in the resource library (docs/guides.md)",
} as const;

export type Permission = keyof typeof PERMISSIONS;

// An editor writes guides and is otherwise a member: no admin console, and no moderation (that is
// a group's moderators and the site's admins, app/policy/moderation.ts).
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  member: ["profile:view"],
  editor: ["profile:view", "guides:write"],
  admin: ["profile:view", "admin:console", "site:settings", "user:role", "guides:write"],
};

export const ROLES: readonly Role[] = ["member", "editor", "admin"];

/** How a role is named on the pages ("Make editor", "Sam is now an editor"). */
export const ROLE_LABELS: Record<Role, { name: string; withArticle: string }> = {
  member: { name: "Member", withArticle: "a member" },
  editor: { name: "Editor", withArticle: "an editor" },
  admin: { name: "Admin", withArticle: "an admin" },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function can(user: { role: string } | null | undefined, permission: Permission): boolean {
  if (!user || !isRole(user.role)) return false;
  return ROLE_PERMISSIONS[user.role].includes(permission);
}
