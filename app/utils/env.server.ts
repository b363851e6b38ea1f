/** Harbor's configuration, read from the environment once, with defaults that suit the embedded setup. */
function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}").`);
  return value;
}

const DAY = 24 * 60 * 60 * 1000;

export function getConfig() {
  return {
    /** A session ends after this long without use (SESSION_INACTIVITY_DAYS, default 7). */
    sessionInactivityMs: positiveNumber("SESSION_INACTIVITY_DAYS", 7) * DAY,
    /** …and after this long at most, however active (SESSION_MAX_DAYS, default 30). */
    sessionMaxAgeMs: positiveNumber("SESSION_MAX_DAYS", 30) * DAY,
    /** Time zone for accounts made without a browser-reported zone (HARBOR_DEFAULT_TIMEZONE). */
    defaultTimeZone: process.env.HARBOR_DEFAULT_TIMEZONE || "UTC",
    /** The public origin (https://harbor.example.org) when behind a proxy that rewrites Host. */
    publicOrigin: process.env.HARBOR_ORIGIN?.replace(/\/+$/, "") || null,
  };
}

export type HarborConfig = ReturnType<typeof getConfig>;
