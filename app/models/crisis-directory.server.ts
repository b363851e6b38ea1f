/**
 * Crisis resources by region: the site keeps several regions' lines (United States, United Kingdom,
 * Canada, Australia …), one of them the site's default. Each person sees their own region's first —
 * a member's chosen region, else the region of their profile's time zone; a visitor's from their
 * browser's zone (the `harbor_tz` cookie) — and the others are one tap away on the crisis page.
 *
 * Stored as JSON in `site_settings` under `crisis_regions`. A site that has only the older single
 * list (`crisis_resources`) reads it as its default region, beside the built-in regions.
 */
import type { Kysely } from "kysely";
import { rawTimeZones } from "@vvo/tzdb";
import { inTransaction } from "../../db/client";
import type { Database } from "../../db/schema";
import { now as clockNow } from "../utils/clock.server";
import { canonicalZone, zoneFromCookie } from "../utils/time-zones.server";
import { CRISIS_REGIONS, type CrisisRegion } from "./crisis-regions.server";
import type { CrisisResource, CrisisSettings } from "./site-settings.server";

export interface CrisisRegionEntry extends CrisisSettings {
  /** A lower-case ISO country code ("gb"), "elsewhere", or "site" for a site's own older list. */
  code: string;
}

export interface CrisisDirectory {
  defaultCode: string;
  regions: CrisisRegionEntry[];
}

export const DIRECTORY_KEY = "crisis_regions";
const LEGACY_KEY = "crisis_resources";
export const MAX_REGIONS = 30;

/** Countries whose zones share another's lines (the Crown Dependencies use the UK's). */
const COUNTRY_ALIASES: Record<string, string> = { im: "gb", je: "gb", gg: "gb" };

const countryOfZone = new Map<string, string>();
const countryNames = new Map<string, string>();
for (const z of rawTimeZones) {
  const code = z.countryCode.toLowerCase();
  countryNames.set(code, z.countryName);
  for (const member of [z.name, ...z.group]) if (!countryOfZone.has(member)) countryOfZone.set(member, code);
}

/** "gb" for Europe/London; null for UTC and zones of no country. */
export function countryOfTimeZone(zone: string): string | null {
  const code = countryOfZone.get(zone) ?? countryOfZone.get(canonicalZone(zone));
  return code ? (COUNTRY_ALIASES[code] ?? code) : null;
}

/** The countries an admin may add a region for, by name. */
export function countryChoices(): { code: string; name: string }[] {
  return [...countryNames.entries()].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name));
}

export function countryName(code: string): string | null {
  return countryNames.get(code) ?? null;
}

export function builtInDirectory(): CrisisDirectory {
  const regions = (Object.keys(CRISIS_REGIONS) as CrisisRegion[]).map((code) => ({ code, ...structuredClone(CRISIS_REGIONS[code]) }));
  return { defaultCode: "us", regions };
}

function isResource(r: unknown): r is CrisisResource {
  const v = r as CrisisResource;
  return !!v && typeof v.name === "string" && typeof v.contact === "string" && typeof v.href === "string" && typeof v.description === "string";
}

function isDirectory(value: unknown): value is CrisisDirectory {
  const v = value as CrisisDirectory;
  return (
    !!v &&
    typeof v.defaultCode === "string" &&
    Array.isArray(v.regions) &&
    v.regions.length > 0 &&
    v.regions.every((r) => typeof r?.code === "string" && typeof r.region === "string" && Array.isArray(r.resources) && r.resources.length > 0 && r.resources.every(isResource)) &&
    v.regions.some((r) => r.code === v.defaultCode)
  );
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The built-in regions with a site's older single list as its default (matched to a region by name). */
function fromLegacy(legacy: unknown): CrisisDirectory {
  const directory = builtInDirectory();
  const old = legacy as CrisisSettings;
  if (!old || typeof old.region !== "string" || !Array.isArray(old.resources) || old.resources.length === 0 || !old.resources.every(isResource)) return directory;
  const same = directory.regions.find((r) => r.region.toLowerCase() === old.region.trim().toLowerCase());
  if (same) {
    same.resources = old.resources;
    return { ...directory, defaultCode: same.code };
  }
  return { defaultCode: "site", regions: [{ code: "site", region: old.region, resources: old.resources }, ...directory.regions] };
}

export async function getCrisisDirectory(db: Kysely<Database>): Promise<CrisisDirectory> {
  const rows = await db.selectFrom("site_settings").select(["key", "value"]).where("key", "in", [DIRECTORY_KEY, LEGACY_KEY]).execute();
  const stored = parse(rows.find((r) => r.key === DIRECTORY_KEY)?.value);
  if (isDirectory(stored)) return stored;
  return fromLegacy(parse(rows.find((r) => r.key === LEGACY_KEY)?.value));
}

export async function saveCrisisDirectory(db: Kysely<Database>, directory: CrisisDirectory, adminId: string | null, now = clockNow()): Promise<void> {
  if (!isDirectory(directory)) throw new Error("A crisis directory needs at least one region with resources, and its default among them.");
  const values = { value: JSON.stringify(directory), updated_at: now.toISOString(), updated_by: adminId };
  await db
    .insertInto("site_settings")
    .values({ key: DIRECTORY_KEY, ...values })
    .onConflict((oc) => oc.column("key").doUpdateSet(values))
    .execute();
  // The older single list is read only while no directory is stored.
  await db.deleteFrom("site_settings").where("key", "=", LEGACY_KEY).execute();
}

/** Back to the built-in regions, with the site's default kept when it is one of them. */
export async function resetCrisisDirectory(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom("site_settings").where("key", "in", [DIRECTORY_KEY, LEGACY_KEY]).execute();
}

export function defaultRegion(directory: CrisisDirectory): CrisisRegionEntry {
  return directory.regions.find((r) => r.code === directory.defaultCode) ?? directory.regions[0]!;
}

export type RegionSource = "asked" | "profile" | "time-zone" | "browser" | "site";

export interface ViewerRegion {
  shown: CrisisRegionEntry;
  source: RegionSource;
  others: { code: string; region: string }[];
}

export interface RegionViewer {
  /** The member's chosen region, or null for "from my time zone". */
  crisisRegion: string | null;
  timeZone: string;
}

/**
 * Which region a person sees first: one asked for in the link (`?region=gb`), the member's chosen
 * region, the region of their time zone (a member's profile, else the browser's zone cookie), and
 * last the site's default.
 */
export function regionFor(directory: CrisisDirectory, viewer: RegionViewer | null, request?: Request): ViewerRegion {
  const byCode = (code: string | null | undefined) => (code ? directory.regions.find((r) => r.code === code) : undefined);
  const pick = (): [CrisisRegionEntry | undefined, RegionSource][] => {
    const asked = request ? new URL(request.url).searchParams.get("region") : null;
    const cookieZone = request ? zoneFromCookie(request.headers.get("cookie"))?.zone : undefined;
    const zone = viewer ? viewer.timeZone : cookieZone;
    return [
      [byCode(asked), "asked"],
      [byCode(viewer?.crisisRegion), "profile"],
      [byCode(zone ? countryOfTimeZone(zone) : null), viewer ? "time-zone" : "browser"],
    ];
  };
  const [shown, source] = pick().find(([entry]) => entry) ?? [defaultRegion(directory), "site" as const];
  return { shown: shown!, source, others: directory.regions.filter((r) => r.code !== shown!.code).map((r) => ({ code: r.code, region: r.region })) };
}

/** A member's region choice and time zone; null for a visitor (or an account that is gone). */
export async function regionViewerOf(db: Kysely<Database>, userId: string | null | undefined): Promise<RegionViewer | null> {
  if (!userId) return null;
  const row = await db.selectFrom("users").select(["crisis_region", "time_zone"]).where("id", "=", userId).executeTakeFirst();
  return row ? { crisisRegion: row.crisis_region, timeZone: row.time_zone } : null;
}

/** The resources a member (by id) or a visitor (from their request's zone cookie) sees first. */
export async function crisisResourcesFor(db: Kysely<Database>, userId: string | null | undefined, request?: Request): Promise<CrisisSettings> {
  const [directory, viewer] = await Promise.all([getCrisisDirectory(db), regionViewerOf(db, userId)]);
  const { shown } = regionFor(directory, viewer, request);
  return { region: shown.region, resources: shown.resources };
}

/** Saves a member's choice: a region's code, or null for "from my time zone". False when no such region. */
export async function setMemberCrisisRegion(db: Kysely<Database>, userId: string, code: string | null): Promise<boolean> {
  if (code !== null && !(await getCrisisDirectory(db)).regions.some((r) => r.code === code)) return false;
  await db.updateTable("users").set({ crisis_region: code }).where("id", "=", userId).execute();
  return true;
}

/** The site's default region's resources (for pages that know nothing of the viewer). */
export async function getSiteCrisisSettings(db: Kysely<Database>): Promise<CrisisSettings> {
  const { region, resources } = defaultRegion(await getCrisisDirectory(db));
  return { region, resources };
}

export class CrisisDirectoryError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Reads, changes and saves the directory in one transaction; the change throws CrisisDirectoryError to refuse. */
export async function changeCrisisDirectory(
  db: Kysely<Database>,
  adminId: string,
  change: (directory: CrisisDirectory) => CrisisDirectory,
  now = clockNow(),
): Promise<CrisisDirectory> {
  return inTransaction(db, async (tx) => {
    const next = change(await getCrisisDirectory(tx));
    await saveCrisisDirectory(tx, next, adminId, now);
    return next;
  });
}

function requireRegion(directory: CrisisDirectory, code: string): CrisisRegionEntry {
  const entry = directory.regions.find((r) => r.code === code);
  if (!entry) throw new CrisisDirectoryError("That region isn't in the list any more. Reload the page.", "code", 404);
  return entry;
}

export const regionChanges = {
  save: (code: string, settings: CrisisSettings) => (d: CrisisDirectory) => {
    requireRegion(d, code);
    return { ...d, regions: d.regions.map((r) => (r.code === code ? { code, ...settings } : r)) };
  },
  makeDefault: (code: string) => (d: CrisisDirectory) => ({ ...d, defaultCode: requireRegion(d, code).code }),
  remove: (code: string) => (d: CrisisDirectory) => {
    requireRegion(d, code);
    if (d.defaultCode === code) throw new CrisisDirectoryError("This is the site's default region. Make another region the default first.", "code", 409);
    return { ...d, regions: d.regions.filter((r) => r.code !== code) };
  },
  /** A new country's region starts with the "elsewhere" lines (the local emergency number, a directory) for the admin to fill in. */
  add: (country: string) => (d: CrisisDirectory) => {
    const name = countryName(country);
    if (!name) throw new CrisisDirectoryError("Choose a country from the list.", "country");
    if (d.regions.some((r) => r.code === country)) throw new CrisisDirectoryError(`${name} is already in the list.`, "country", 409);
    if (d.regions.length >= MAX_REGIONS) throw new CrisisDirectoryError(`Keep at most ${MAX_REGIONS} regions.`, "country", 409);
    return { ...d, regions: [...d.regions, { code: country, region: name, resources: structuredClone(CRISIS_REGIONS.elsewhere.resources) }] };
  },
};
