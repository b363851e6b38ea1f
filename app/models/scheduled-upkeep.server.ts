/**
 * Upkeep the scheduled-job runner (the mail worker, see mail/worker.server.ts) does besides mail;
 * importing this module registers it:
 * - once a day, the search index's segments are merged into one (tidySearchIndex), in small steps;
 * - once an hour, request-rate counters that ended more than an hour ago are deleted;
 * - once an hour, sign-ups whose link expired lose their password hash, and are deleted a week later
 *   (purgeOldSignups);
 * - once an hour, the support circle's "check on me" rule for days without a check-in (checkSilences).
 */
import { addScheduledJob } from "./mail/worker.server";
import { tidySearchIndex } from "./search.server";
import { purgeOldSignups } from "./signup.server";
import { clearEndedRateLimits } from "../utils/rate-limit.server";
import { checkSilences } from "./circle/check-on.server";

export const SEARCH_UPKEEP_EVERY_MS = 24 * 60 * 60 * 1000;
export const SIGNUP_UPKEEP_EVERY_MS = 60 * 60 * 1000;

addScheduledJob((db) => tidySearchIndex(db), SEARCH_UPKEEP_EVERY_MS);
addScheduledJob((db) => clearEndedRateLimits(db), 60 * 60 * 1000);
addScheduledJob((db) => purgeOldSignups(db), SIGNUP_UPKEEP_EVERY_MS);
addScheduledJob((db) => checkSilences(db), 60 * 60 * 1000);
