/**
 * `npm run mail:worker`: sends Harbor's e-mail from a process of its own. For sites with several
 * app servers on PostgreSQL: start the app servers with HARBOR_MAIL_WORKER=off and run one or more
 * of these (each message is claimed by one sender only). Reads the same environment as the server
 * (DATABASE_URL, SMTP_*, MAIL_FROM, HARBOR_MAIL_DIR, HARBOR_ORIGIN, HARBOR_MAIL_INTERVAL_MS).
 */
import { createDb } from "./client";
import { migrateToLatest } from "./migrator";
import { getMailConfig } from "../app/models/mail/config.server";
import { startMailWorker } from "../app/models/mail/worker.server";
import "../app/models/scheduled-mail.server";
import "../app/models/scheduled-upkeep.server";

const handle = createDb(process.env.DATABASE_URL);
await migrateToLatest(handle.db);
const config = getMailConfig();
const worker = startMailWorker(handle.db, { config });
console.log(
  `Harbor mail worker: ${config.smtp ? `SMTP ${config.smtp.host}:${config.smtp.port}` : `writing .eml files to ${config.mailDir}`}, every ${config.intervalMs} ms (${handle.dialect}: ${handle.description})`,
);
void worker.tick();

async function shutdown(signal: string) {
  console.log(`${signal}: the mail worker finishes its round and stops…`);
  await worker.stop();
  await handle.db.destroy();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
