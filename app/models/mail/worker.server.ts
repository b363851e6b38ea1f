/**
 * The mail worker: every few seconds it runs the scheduled jobs (daily digests, meeting reminders),
 * which queue messages, then sends what is due in the outbox. It runs inside the app server by
 * default; multi-server sites run `npm run mail:worker` (db/mail-worker.ts) instead, as many as
 * they like: claims keep each message with one sender.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { randomId } from "../../utils/ids.server";
import { getMailConfig, type MailConfig } from "./config.server";
import { processOutbox, type MailSender } from "./outbox.server";
import { createMailSender } from "./transport.server";
import { createPushSender, processPushOutbox, type PushSender } from "../push/outbox.server";
import { logger } from "../../utils/logger.server";
import { now as clockNow } from "../../utils/clock.server";

export type ScheduledJob = (db: Kysely<Database>) => Promise<unknown>;

export interface MailWorker {
  /** One round now (also what the timer runs); rounds never overlap. */
  tick(): Promise<{ sent: number; failed: number; pushed: number; pushFailed: number }>;
  stop(): Promise<void>;
}

const jobs: { job: ScheduledJob; everyMs: number }[] = [];

/** Other modules add their periodic work (digests, reminders) here; each runs at most every `everyMs`. */
export function addScheduledJob(job: ScheduledJob, everyMs = 60_000): void {
  if (!jobs.some((j) => j.job === job)) jobs.push({ job, everyMs });
}

export function startMailWorker(
  db: Kysely<Database>,
  options: { config?: MailConfig; sender?: MailSender; pushSender?: PushSender; intervalMs?: number; log?: (line: string) => void } = {},
): MailWorker {
  const config = options.config ?? getMailConfig();
  const ownSender = options.sender ? null : createMailSender(config);
  const sender = options.sender ?? ownSender!;
  const pushSender = options.pushSender ?? createPushSender(db);
  const workerId = `worker-${randomId(8)}`;
  const log = options.log ?? ((line: string) => logger.info(line));
  let running: Promise<{ sent: number; failed: number; pushed: number; pushFailed: number }> | null = null;
  let stopped = false;
  const lastRun = new Map<ScheduledJob, number>();

  async function round() {
    for (const { job, everyMs } of jobs) {
      // On the domain clock, so a test that moves it (HARBOR_TEST_CLOCK) also makes the jobs due;
      // a clock moved back counts as due too.
      const at = clockNow().getTime();
      const since = at - (lastRun.get(job) ?? 0);
      if (since >= 0 && since < everyMs) continue;
      lastRun.set(job, at);
      try {
        await job(db);
      } catch (error) {
        log(`mail worker: a scheduled job failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    let sent = 0;
    let failed = 0;
    // Keep going while full batches come back, but never forever in one round.
    for (let i = 0; i < 20 && !stopped; i++) {
      const result = await processOutbox(db, sender, workerId, { batch: 20 });
      sent += result.sent;
      failed += result.failed;
      if (result.claimed < 20 || result.failed > 0) break;
    }
    // Push deliveries (app/models/push/outbox.server.ts) go out on the same rounds.
    let pushed = 0;
    let pushFailed = 0;
    for (let i = 0; i < 20 && !stopped; i++) {
      const result = await processPushOutbox(db, pushSender, workerId, { batch: 20 });
      pushed += result.sent;
      pushFailed += result.failed;
      if (result.claimed < 20 || result.failed > 0) break;
    }
    // Only counts: addresses and subjects are personal data and stay out of logs.
    if (sent || failed) log(`mail worker: ${sent} sent, ${failed} to retry`);
    if (pushed || pushFailed) log(`mail worker: ${pushed} push notifications sent, ${pushFailed} to retry`);
    return { sent, failed, pushed, pushFailed };
  }

  function tick() {
    if (!running) {
      running = round()
        .catch((error: unknown) => {
          log(`mail worker: ${error instanceof Error ? error.message : String(error)}`);
          return { sent: 0, failed: 0, pushed: 0, pushFailed: 0 };
        })
        .finally(() => {
          running = null;
        });
    }
    return running;
  }

  const timer = setInterval(() => void tick(), options.intervalMs ?? config.intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      ownSender?.close();
    },
  };
}
