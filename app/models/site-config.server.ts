/**
 * Site-wide options an admin sets in the console: the site's name, whether anyone may register or
 * only people with an invite link, and the time zone new accounts start with when their browser
 * doesn't say. Read on every page (the header shows the name), so kept in memory for a short while:
 * the server that saves a change uses it at once; other app servers (PostgreSQL deployments run
 * several) read it afresh within CACHE_MS.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { inTransaction } from "../../db/client";
import { getConfig } from "../utils/env.server";
import { now as clockNow } from "../utils/clock.server";
import { isValidTimeZone } from "../utils/time";
import { recordAudit } from "./moderation.server";

export type Registration = "open" | "invite_only";

export interface SiteConfig {
  siteName: string;
  registration: Registration;
  defaultTimeZone: string;
}

const KEY = "site";
/** How long an app server trusts its copy (on the domain clock, so a test can move past it; a clock moved back counts as expired). */
export const CACHE_MS = 30_000;
let cached: SiteConfig | null = null;
let cachedAt = 0;

export function defaultSiteConfig(): SiteConfig {
  return { siteName: "Harbor", registration: "open", defaultTimeZone: getConfig().defaultTimeZone };
}

export async function getSiteConfig(db: Kysely<Database>): Promise<SiteConfig> {
  const age = clockNow().getTime() - cachedAt;
  if (cached && age >= 0 && age < CACHE_MS) return cached;
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", KEY).executeTakeFirst();
  const base = defaultSiteConfig();
  let value = base;
  if (row) {
    try {
      const parsed = JSON.parse(row.value) as Partial<SiteConfig>;
      value = {
        siteName: typeof parsed.siteName === "string" && parsed.siteName.trim() ? parsed.siteName : base.siteName,
        registration: parsed.registration === "invite_only" ? "invite_only" : "open",
        defaultTimeZone: typeof parsed.defaultTimeZone === "string" && isValidTimeZone(parsed.defaultTimeZone) ? parsed.defaultTimeZone : base.defaultTimeZone,
      };
    } catch {
      value = base;
    }
  }
  cached = value;
  cachedAt = clockNow().getTime();
  return value;
}

/** Forget the cached copy (tests switch databases). */
export function forgetSiteConfig(): void {
  cached = null;
}

export async function saveSiteConfig(db: Kysely<Database>, config: SiteConfig, adminId: string, now = clockNow()): Promise<void> {
  forgetSiteConfig();
  const before = await getSiteConfig(db);
  const values = { value: JSON.stringify(config), updated_at: now.toISOString(), updated_by: adminId };
  await inTransaction(db, async (tx) => {
    await tx
      .insertInto("site_settings")
      .values({ key: KEY, ...values })
      .onConflict((oc) => oc.column("key").doUpdateSet(values))
      .execute();
    await recordAudit(tx, { actorId: adminId, action: "settings.site", before, after: config }, now);
  });
  cached = config;
  cachedAt = clockNow().getTime();
}
