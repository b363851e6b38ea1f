/**
 * The compiled server's entry (build/server.js runs it): one server process, or with
 * HARBOR_PROCESSES=N (or "auto", one per core) N of them on one port through node:cluster — the
 * primary runs the migrations once, then starts the workers, restarts one that dies, and passes
 * SIGTERM/SIGINT on. Every worker is a whole Harbor server (app/server.ts); what they share lives
 * in the database (sessions, throttling, the mail outbox), so this works on SQLite and PostgreSQL
 * alike. See docs/operations.md and docs/decisions/0018-compiled-server-and-processes.md.
 */
import cluster from "node:cluster";
import { ConfigError, harborEnv } from "./utils/env.server";
import { logger } from "./utils/logger.server";
import { createDb } from "../db/client";
import { migrateToLatest } from "../db/migrator";
import { sealTrackerNames } from "./models/recovery-keys.server";
import { announceSetupCode } from "./models/first-run.server";
import { installStarterLibrary } from "./models/guides/starter.server";

let env;
try {
  env = harborEnv();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`Harbor cannot start. ${error.message}\n`);
  process.exit(1);
}

if (env.HARBOR_PROCESSES > 1 && cluster.isPrimary) {
  const handle = createDb(env.DATABASE_URL, { reader: false });
  try {
    await migrateToLatest(handle.db);
    await sealTrackerNames(handle.db);
    await installStarterLibrary(handle.db);
    await announceSetupCode(handle.db, (lines) => logger.warn(lines.trim().replace(/\s*\n\s*/g, " ")));
  } finally {
    await handle.db.destroy();
  }
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < env.HARBOR_PROCESSES; i++) fork();
  logger.info(`Harbor: ${env.HARBOR_PROCESSES} server processes on port ${env.PORT}`);
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    logger.error(`A server process (pid ${worker.process.pid}) stopped (${signal ?? `exit ${code}`}); starting another.`);
    setTimeout(fork, 1000);
  });
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    setTimeout(() => process.exit(0), 8000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
} else {
  await import("./server");
}
