import type { Kysely } from "kysely";
import type { Database } from "../schema";
import type { SeedContext } from "./context";

/** Demo data of the notifications area; idempotent (running the seed twice adds nothing). */
export async function seedNotifications(_db: Kysely<Database>, _ctx: SeedContext): Promise<void> {}
