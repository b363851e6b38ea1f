import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";

export interface CrisisResource {
  name: string;
  /** How to reach it, as people say it: "Call or text 988". */
  contact: string;
  /** tel:, sms: or https: link, optional. */
  href: string;
  description: string;
}

export interface CrisisSettings {
  /** Where these resources apply: "United States". */
  region: string;
  resources: CrisisResource[];
}

export const DEFAULT_CRISIS_SETTINGS: CrisisSettings = {
  region: "United States",
  resources: [
    {
      name: "988 Suicide & Crisis Lifeline",
      contact: "Call or text 988",
      href: "tel:988",
      description: "Free, confidential support 24 hours a day, 7 days a week, for anyone in distress — including substance use crises.",
    },
    {
      name: "SAMHSA National Helpline",
      contact: "1-800-662-4357 (1-800-662-HELP)",
      href: "tel:+18006624357",
      description: "Free, confidential treatment referral and information, 24/7, in English and Spanish.",
    },
    {
      name: "Emergency services",
      contact: "Call 911",
      href: "tel:911",
      description: "If you or someone with you is in immediate danger, has taken too much of something, or is having a seizure.",
    },
  ],
};

const CRISIS_KEY = "crisis_resources";

function isCrisisSettings(value: unknown): value is CrisisSettings {
  const v = value as CrisisSettings;
  return !!v && typeof v.region === "string" && Array.isArray(v.resources) && v.resources.every((r) => typeof r?.name === "string");
}

export async function getCrisisSettings(db: Kysely<Database>): Promise<CrisisSettings> {
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", CRISIS_KEY).executeTakeFirst();
  if (!row) return DEFAULT_CRISIS_SETTINGS;
  try {
    const parsed: unknown = JSON.parse(row.value);
    return isCrisisSettings(parsed) && parsed.resources.length > 0 ? parsed : DEFAULT_CRISIS_SETTINGS;
  } catch {
    return DEFAULT_CRISIS_SETTINGS;
  }
}

export async function saveCrisisSettings(db: Kysely<Database>, settings: CrisisSettings, adminId: string, now = clockNow()): Promise<void> {
  const values = { value: JSON.stringify(settings), updated_at: now.toISOString(), updated_by: adminId };
  await db
    .insertInto("site_settings")
    .values({ key: CRISIS_KEY, ...values })
    .onConflict((oc) => oc.column("key").doUpdateSet(values))
    .execute();
}

export async function resetCrisisSettings(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom("site_settings").where("key", "=", CRISIS_KEY).execute();
}
