/**
 * Upkeep the scheduled-job runner (the mail worker, see mail/worker.server.ts) does besides mail;
 * importing this module registers it:
 * - once a day, the search index's segments are merged into one (tidySearchIndex), in small steps;
 * - once an hour, request-rate counters that ended more than an hour ago are deleted.
 */
import { addScheduledJob } from "./mail/worker.server";
import { tidySearchIndex } from "./search.server";
import { clearEndedRateLimits } from "../utils/rate-limit.server";

export const SEARCH_UPKEEP_EVERY_MS = 24 * 60 * 60 * 1000;

addScheduledJob((db) => tidySearchIndex(db), SEARCH_UPKEEP_EVERY_MS);
addScheduledJob((db) => clearEndedRateLimits(db), 60 * 60 * 1000);
