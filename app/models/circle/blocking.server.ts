/**
 * The support circle's hook for member blocking (issue 26): a blocked pair can't join each other's
 * circle. Invitations by name and accepting an invitation ask `circleBlocked`; the answer never
 * says who blocked whom.
 *
 * HOOK: blocking is being built alongside the circle. Until its blocks table and policy function
 * land, nobody is blocked; once they do, this function asks them (either direction).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the hook's signature, answered by the blocking model once it lands
export async function circleBlocked(db: Kysely<Database>, memberId: string, personId: string): Promise<boolean> {
  return false;
}
