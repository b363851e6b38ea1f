import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";

/** True when the database answers a trivial query within the time limit. */
export async function databaseIsReachable(db: Kysely<Database>, timeoutMs = 3000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const probe = sql<{ ok: number }>`select 1 as ok`.execute(db).then((r) => r.rows[0]?.ok === 1);
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return await Promise.race([probe, timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export interface Health {
  status: "ok" | "unavailable";
  database: "reachable" | "unreachable";
  app: "renders" | "not rendering";
  /** Why the app does not render (for the operator; no personal data). */
  problem?: string;
}

/**
 * /healthz (answered by app/server.ts, for load balancers, Docker and uptime checks): ok when the
 * database answers AND the app renders a page (`render` says why not, or null).
 */
export async function checkHealth(db: Kysely<Database>, render: () => Promise<string | null>): Promise<Health> {
  const [reachable, problem] = await Promise.all([databaseIsReachable(db), render()]);
  return {
    status: reachable && problem === null ? "ok" : "unavailable",
    database: reachable ? "reachable" : "unreachable",
    app: problem === null ? "renders" : "not rendering",
    ...(problem === null ? {} : { problem }),
  };
}
