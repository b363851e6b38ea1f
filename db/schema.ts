/**
 * The one `Database` interface: every table Harbor stores, as Kysely sees it.
 *
 * Portability rules (SQLite and PostgreSQL run the same queries):
 * - timestamps are ISO-8601 UTC strings (`2026-11-23T16:17:00.000Z`), which sort and compare
 *   correctly as text on both databases;
 * - calendar dates are `YYYY-MM-DD` strings;
 * - booleans are integers 0/1 (better-sqlite3 cannot bind JS booleans);
 * - ids of people and sessions are random text, never sequential numbers.
 */
import type { ColumnType, Insertable, Selectable, Updateable } from "kysely";

export type Role = "member" | "admin";

export interface UsersTable {
  id: string;
  /** Always stored lower-cased; unique. Never shown to other members. */
  email: string;
  display_name: string;
  /** Lower-cased, space-folded display name: keeps names unique so nobody can impersonate another member. */
  display_name_key: string;
  password_hash: string;
  role: ColumnType<Role, Role | undefined, Role>;
  time_zone: string;
  bio: ColumnType<string, string | undefined, string>;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** The public half of the `<id>.<secret>` token. */
  id: string;
  user_id: string;
  /** Lower-case hex SHA-256 of the secret half; the secret itself is never stored. */
  secret_hash: string;
  created_at: string;
  last_used_at: string;
  user_agent: ColumnType<string, string | undefined, string>;
  ip: ColumnType<string, string | undefined, string>;
}

export interface AuthThrottlesTable {
  /** `account:<email>` or `ip:<address>`. */
  key: string;
  failures: number;
  last_failure_at: string;
  blocked_until: string | null;
}

export interface SiteSettingsTable {
  key: string;
  /** JSON text. */
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  auth_throttles: AuthThrottlesTable;
  site_settings: SiteSettingsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Session = Selectable<SessionsTable>;
