/**
 * The support circle and member blocking (issue 26): a blocked pair (either way) can't join each
 * other's circle. Invitations by name and accepting an invitation ask `circleBlocked`; the answer
 * never says who blocked whom (app/policy/circle.ts words the refusal).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { isBlockedBetween } from "../../policy/blocks";

export function circleBlocked(db: Kysely<Database>, memberId: string, personId: string): Promise<boolean> {
  return isBlockedBetween(db, memberId, personId);
}
