/**
 * Harbor's configuration: every environment variable the server reads, in ONE zod schema, read
 * and checked once. A bad value stops the server at start with the variable's name and what is
 * wrong (see startupProblems in app/utils/startup.server.ts). docs/configuration.md documents
 * each variable in one table; tests/unit/config.test.ts keeps that table and this schema in step.
 */
import os from "node:os";
import { z } from "zod";
import { isValidTimeZone } from "./time";
import { parseKeyList } from "./data-key-list";

const DAY = 24 * 60 * 60 * 1000;

/** A base64url key that decodes to exactly `bytes` bytes. */
function isKeyOfLength(value: string, bytes: number): boolean {
  return /^[A-Za-z0-9_-]+={0,2}$/.test(value) && Buffer.from(value, "base64url").length === bytes;
}

/** "1", "true", "yes", "on" / "0", "false", "no", "off" (or empty: the default). */
const flag = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const v = value?.trim().toLowerCase();
      if (v === undefined || v === "") return fallback;
      if (["1", "true", "yes", "on"].includes(v)) return true;
      if (["0", "false", "no", "off"].includes(v)) return false;
      ctx.addIssue({ code: "custom", message: `must be 1 or 0 (or true/false, on/off); got "${value}"` });
      return z.NEVER;
    });

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

const number = (fallback: number, check: { min: number; max?: number; integer?: boolean; what: string }) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === "") return fallback;
      const n = Number(value);
      const ok = Number.isFinite(n) && n >= check.min && (check.max === undefined || n <= check.max) && (!check.integer || Number.isInteger(n));
      if (!ok) {
        ctx.addIssue({ code: "custom", message: `must be ${check.what}; got "${value}"` });
        return z.NEVER;
      }
      return n;
    });

const port = (fallback: number | undefined) =>
  number(fallback ?? 0, { min: 1, max: 65535, integer: true, what: "a port number (1-65535)" }).transform((n) => (n === 0 ? undefined : n));

export const envSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).optional(),
  PORT: number(3000, { min: 1, max: 65535, integer: true, what: "a port number (1-65535)" }),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  HARBOR_PROCESSES: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const v = value?.trim() ?? "";
      if (v === "") return 1;
      if (v === "auto") return Math.max(1, os.availableParallelism());
      if (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 64) return Number(v);
      ctx.addIssue({ code: "custom", message: `must be a number of server processes (1-64) or "auto" (one per core); got "${value}"` });
      return z.NEVER;
    }),
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^(postgres(ql)?:\/\/|file:)/.test(v) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(v), {
    message: "must be postgres://… (PostgreSQL), file:… or a file path (SQLite)",
  }),
  TRUST_PROXY: optionalText.refine((v) => v === undefined || /^(true|false|\d+|[0-9a-zA-Z.:/, ]+)$/.test(v), {
    message: 'must be true, a number of proxies, or addresses/subnets ("loopback", "10.0.0.0/8")',
  }),
  HARBOR_ORIGIN: optionalText.refine((v) => v === undefined || /^https?:\/\/[^/\s?#]+\/*$/.test(v), {
    message: "must be the site's public origin, like https://harbor.example.org (no path)",
  }),
  HARBOR_DEFAULT_TIMEZONE: optionalText.refine((v) => v === undefined || isValidTimeZone(v), { message: "must be an IANA time zone, like Europe/Dublin" }),
  SESSION_INACTIVITY_DAYS: number(7, { min: Number.MIN_VALUE, what: "a positive number of days" }),
  SESSION_MAX_DAYS: number(30, { min: Number.MIN_VALUE, what: "a positive number of days" }),
  SMTP_HOST: optionalText,
  SMTP_PORT: port(undefined),
  SMTP_SECURE: flag(false),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: z
    .string()
    .optional()
    .transform((v) => v || undefined),
  MAIL_FROM: optionalText,
  HARBOR_MAIL_DIR: optionalText,
  HARBOR_MAIL_INTERVAL_MS: number(5000, { min: 50, integer: true, what: "a whole number of milliseconds, 50 or more" }),
  HARBOR_MAIL_WORKER: flag(true),
  HARBOR_POSTS_PER_MINUTE: number(120, { min: 1, integer: true, what: "a whole number of forms a minute, 1 or more" }),
  HARBOR_SIGNUPS_PER_ADDRESS_PER_HOUR: number(5, { min: 1, integer: true, what: "a whole number of sign-ups an hour, 1 or more" }),
  HARBOR_SIGNUPS_PER_HOUR: number(100, { min: 1, integer: true, what: "a whole number of sign-ups an hour, 1 or more" }),
  HARBOR_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, { message: "must be at least 32 characters (e.g. openssl rand -base64 32)" }),
  HARBOR_DATA_KEYS: optionalText.superRefine((v, ctx) => {
    if (v === undefined) return;
    try {
      if (parseKeyList(v).length === 0) ctx.addIssue({ code: "custom", message: "lists no key" });
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message.replace(/^HARBOR_DATA_KEYS:?\s*/, "") });
    }
  }),
  HARBOR_DATA_KEY_FILE: optionalText,
  HARBOR_VAPID_PUBLIC_KEY: optionalText.refine((v) => v === undefined || isKeyOfLength(v, 65), {
    message: "must be a VAPID public key: 65 bytes in base64url (npx web-push generate-vapid-keys)",
  }),
  HARBOR_VAPID_PRIVATE_KEY: optionalText.refine((v) => v === undefined || isKeyOfLength(v, 32), {
    message: "must be a VAPID private key: 32 bytes in base64url (npx web-push generate-vapid-keys)",
  }),
  HARBOR_VAPID_SUBJECT: optionalText.refine((v) => v === undefined || /^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/.test(v), {
    message: "must be mailto:someone@example.org or an https:// address where push services can reach the site's owner",
  }),
  HARBOR_PUSH_SERVICES: optionalText.refine((v) => v === undefined || v.split(",").every((o) => /^https?:\/\/[^/\s?#]+$/.test(o.trim())), {
    message: "must be push service origins, comma-separated, like https://push.example.org",
  }),
  HARBOR_SQLITE_READER: flag(true),
  HARBOR_QUERY_COUNT: flag(false),
  HARBOR_TEST_CLOCK: flag(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type HarborEnv = z.infer<typeof envSchema>;

/** A configuration that cannot work: one line per variable, "NAME: what is wrong". */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration has ${problems.length === 1 ? "a problem" : "problems"}:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

/** Reads and checks a set of variables (process.env by default); throws ConfigError. */
export function parseEnv(source: Record<string, string | undefined>): HarborEnv {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
}

let cached: HarborEnv | null = null;

/** The server's configuration, read from process.env once. */
export function harborEnv(): HarborEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

let derived: ReturnType<typeof deriveConfig> | null = null;

function deriveConfig(env: HarborEnv) {
  return {
    mode: env.NODE_ENV === "development" ? ("development" as const) : ("production" as const),
    port: env.PORT,
    host: env.HOST,
    /** A session ends after this long without use (SESSION_INACTIVITY_DAYS, default 7). */
    sessionInactivityMs: env.SESSION_INACTIVITY_DAYS * DAY,
    /** …and after this long at most, however active (SESSION_MAX_DAYS, default 30). */
    sessionMaxAgeMs: env.SESSION_MAX_DAYS * DAY,
    /** Time zone for accounts made without a browser-reported zone (HARBOR_DEFAULT_TIMEZONE). */
    defaultTimeZone: env.HARBOR_DEFAULT_TIMEZONE ?? "UTC",
    /** The public origin (https://harbor.example.org) when behind a proxy that rewrites Host. */
    publicOrigin: env.HARBOR_ORIGIN?.replace(/\/+$/, "") ?? null,
    /** Express's "trust proxy" setting from TRUST_PROXY. */
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // "loopback", "10.0.0.0/8", …
}

export function getConfig() {
  derived ??= deriveConfig(harborEnv());
  return derived;
}

/** Forgets the configuration read so far, so the next call reads process.env again (tests change it). */
export function forgetEnv(): void {
  cached = null;
  derived = null;
}

export type HarborConfig = ReturnType<typeof getConfig>;
