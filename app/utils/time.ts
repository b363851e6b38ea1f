/** ISO-8601 UTC text: how Harbor stores instants on both databases. */
export function isoNow(now: Date = new Date()): string {
  return now.toISOString();
}

let zoneCache: Set<string> | null = null;

/** Every IANA zone this runtime knows, plus UTC. */
export function allTimeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

export function isValidTimeZone(zone: string): boolean {
  zoneCache ??= new Set(allTimeZones());
  if (zoneCache.has(zone)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone);
  } catch {
    return false;
  }
}

// Building an Intl.DateTimeFormat is costly (a large share of a page's time when done per
// date); one formatter per zone and style is kept and reused.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, options: Intl.DateTimeFormatOptions, key: string): Intl.DateTimeFormat {
  const cacheKey = `${key}|${timeZone}`;
  let f = formatters.get(cacheKey);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    if (formatters.size > 2000) formatters.clear();
    formatters.set(cacheKey, f);
  }
  return f;
}

// Formatting itself is slow too (microseconds a date), and a page shows the same instants to
// every reader in a zone: the texts are remembered, a bounded number of them.
const formatted = new Map<string, string>();
const FORMATTED_MAX = 20_000;

/** "Nov 23, 2026, 4:17 PM" in the given zone. */
export function formatDateTime(iso: string, timeZone: string): string {
  const key = `${timeZone}|${iso}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = formatter(timeZone, { dateStyle: "medium", timeStyle: "short" }, "datetime").format(new Date(iso));
    if (formatted.size >= FORMATTED_MAX) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

export function formatDate(iso: string, timeZone: string): string {
  return formatter(timeZone, { dateStyle: "long" }, "date").format(new Date(iso));
}

/** "3 minutes", "1 hour", "2 days": for "try again in …" messages. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.ceil(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"}`;
  const days = Math.ceil(hours / 24);
  return `${days} days`;
}
