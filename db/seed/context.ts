/** What every area's seed receives from db/seed.ts. */
export interface SeedContext {
  /** Demo user ids by e-mail address (see DEMO_USERS in db/seed.ts). */
  userIds: Map<string, string>;
  /** Demo group ids by slug (see DEMO_GROUPS in db/seed.ts). */
  groupIds: Map<string, number>;
  /** Push a short description of each thing added ("3 meetings"); printed by `npm run db:seed`. */
  created: string[];
}
