/**
 * Files from the project's shared/fixtures folder (kept beside the repository, not in it): the
 * real intergroup Meeting Guide feed (sussexaa, 123 meetings). For Vitest and Playwright alike.
 */
import fs from "node:fs";
import path from "node:path";

/**
 * Where the shared fixtures are: HARBOR_SUSSEX_FEED when set, else shared/ beside the checkout
 * (as CI lays it), else the workplace's /work/shared.
 */
export function sussexFeedPath(): string {
  if (process.env.HARBOR_SUSSEX_FEED) return process.env.HARBOR_SUSSEX_FEED;
  const candidates = [path.resolve(process.cwd(), "../shared/fixtures/meeting-guide/sussexaa.json"), "/work/shared/fixtures/meeting-guide/sussexaa.json"];
  return candidates.find((file) => fs.existsSync(file)) ?? candidates[0]!;
}

/** The sussexaa feed as parsed JSON (a list of the spec's meeting objects). */
export function readSussexFeed(): Record<string, unknown>[] {
  return JSON.parse(fs.readFileSync(sussexFeedPath(), "utf8")) as Record<string, unknown>[];
}
