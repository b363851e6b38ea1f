/**
 * Harbor's starter library: short guides written for Harbor from the facts in the design notes
 * (the taper safety line, protracted withdrawal, sleep, grounding for panic, HALT, urge surfing,
 * planning for high-risk situations, after a slip, supporting someone in recovery). Each says it
 * is peer information, not medical advice, and that dose changes belong with a prescriber.
 * Installed by app/models/guides/starter.server.ts.
 */
import { COPING } from "./coping";
import { PLANS_AND_FAMILIES } from "./plans-and-families";
import { WITHDRAWAL_AND_SLEEP } from "./withdrawal-and-sleep";

export interface StarterGuide {
  /** Stable key (guides.starter_key): installed once per site, whatever the admin does with it later. */
  key: string;
  slug: string;
  /** A slug of STARTER_COLLECTIONS. */
  collection: string;
  title: string;
  summary: string;
  body: string;
}

export { STARTER_COLLECTIONS, COPING_COLLECTIONS, CRAVING_COLLECTIONS, PLAN_COLLECTIONS, PEER_NOTE } from "./collections";

export const STARTER_GUIDES: StarterGuide[] = [...WITHDRAWAL_AND_SLEEP, ...COPING, ...PLANS_AND_FAMILIES];
