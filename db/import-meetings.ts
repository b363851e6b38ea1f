/**
 * Imports a Meeting Guide JSON feed into a group from the command line:
 *   npm run meetings:import -- --group <group-slug> --file feed.json [--time-zone America/New_York] [--archive-missing]
 * Uses DATABASE_URL like the app. Prints the same report as the admin page; nothing is saved if
 * the file is not a feed. The group's meetings the feed no longer has are listed; with
 * --archive-missing they are archived (out of the directory and feeds, history kept).
 */
import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { createDb } from "./client";
import { migrateToLatest } from "./migrator";
import { FeedError, importFeed, MAX_FEED_BYTES, parseFeed } from "../app/models/meeting-import.server";

const { values } = parseArgs({ options: { group: { type: "string" }, file: { type: "string" }, "time-zone": { type: "string" }, "archive-missing": { type: "boolean" } } });
if (!values.group || !values.file) {
  console.error("Usage: npm run meetings:import -- --group <group-slug> --file <feed.json> [--time-zone <IANA zone>] [--archive-missing]");
  process.exit(2);
}
const handle = createDb();
try {
  await migrateToLatest(handle.db);
  const group = await handle.db.selectFrom("groups").select(["id", "name"]).where("slug", "=", values.group).executeTakeFirst();
  if (!group) throw new FeedError(`There is no group with the address "${values.group}".`);
  if (statSync(values.file).size > MAX_FEED_BYTES) throw new FeedError(`The file is larger than ${MAX_FEED_BYTES / 1024 / 1024} MB.`);
  const items = parseFeed(readFileSync(values.file, "utf8"));
  const zone = values["time-zone"] ?? process.env.HARBOR_DEFAULT_TIMEZONE ?? "UTC";
  const report = await importFeed(handle.db, items, { groupId: group.id, defaultTimeZone: zone, actorId: null, archiveMissing: !!values["archive-missing"] });
  console.log(
    `Into ${group.name}: ${report.added.length} added, ${report.changed.length} changed, ${report.unchanged.length} unchanged, ${report.missing.length} missing from the feed, ${report.skipped.length} skipped.`,
  );
  if (report.missing.length) {
    console.log(report.archived ? `Archived ${report.archived} meetings missing from the feed:` : "Missing from the feed (still listed; add --archive-missing to archive them):");
    for (const m of report.missing) console.log(`  ${m.name} (${m.slug})`);
  }
  if (report.defaultZoneUsed) console.log(`${report.defaultZoneUsed} meetings had no time zone: set to ${zone}.`);
  const unknown = Object.entries(report.unknownTypes);
  if (unknown.length) console.log(`Type codes left out: ${unknown.map(([c, n]) => `${c} (${n})`).join(", ")}.`);
  for (const s of report.skipped) console.log(`  skipped ${s.name}${s.slug ? ` (${s.slug})` : ""}: ${s.reason}`);
  for (const w of report.warnings) console.log(`  note ${w.name}: ${w.message}`);
} catch (error) {
  console.error(error instanceof FeedError || (error as NodeJS.ErrnoException).code === "ENOENT" ? (error as Error).message : error);
  process.exitCode = 1;
} finally {
  await handle.db.destroy();
}
