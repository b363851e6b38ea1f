/**
 * Upkeep the scheduled-job runner (the mail worker, see mail/worker.server.ts) does besides mail;
 * importing this module registers it:
 * - once a day, the search index's segments are merged into one (tidySearchIndex), in small steps.
 */
import { addScheduledJob } from "./mail/worker.server";
import { tidySearchIndex } from "./search.server";

export const SEARCH_UPKEEP_EVERY_MS = 24 * 60 * 60 * 1000;

addScheduledJob((db) => tidySearchIndex(db), SEARCH_UPKEEP_EVERY_MS);
