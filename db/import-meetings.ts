/**
 * Imports a Meeting Guide JSON feed into a group from the command line:
 *   npm run meetings:import -- --group <group-slug> --file feed.json [--time-zone America/New_York]
 * Uses DATABASE_URL like the app. Prints the same report as the admin page; nothing is saved if
 * the file is not a feed.
 */
import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { createDb } from "./client";
import { migrateToLatest } from "./migrator";
import { FeedError, importFeed, MAX_FEED_BYTES, parseFeed } from "../app/models/meeting-import.server";

const { values } = parseArgs({ options: { group: { type: "string" }, file: { type: "string" }, "time-zone": { type: "string" } } });
if (!values.group || !values.file) {
  console.error("Usage: npm run meetings:import -- --group <group-slug> --file <feed.json> [--time-zone <IANA zone>]");
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
  const report = await importFeed(handle.db, items, { groupId: group.id, defaultTimeZone: zone, actorId: null });
  console.log(`${report.created} added, ${report.updated} updated, ${report.skipped.length} skipped, into ${group.name}.`);
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
