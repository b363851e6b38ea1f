import { databaseIsReachable } from "~/models/health.server";
import { getDb } from "~/utils/db.server";

/** For load balancers and uptime checks: 200 when the database answers, 503 when it does not. */
export async function loader() {
  const ok = await databaseIsReachable(getDb());
  return new Response(JSON.stringify({ status: ok ? "ok" : "unavailable", database: ok ? "reachable" : "unreachable" }), {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
