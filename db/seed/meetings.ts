import type { Kysely } from "kysely";
import type { Database } from "../schema";
import type { SeedContext } from "./context";

/** Demo data of the meetings area; idempotent (running the seed twice adds nothing). */
export async function seedMeetings(_db: Kysely<Database>, _ctx: SeedContext): Promise<void> {}
