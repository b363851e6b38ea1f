/**
 * The production server as the benchmarks run it: one process (`node build/server.js`, as `npm
 * start` runs it; its CPU time can be read from /proc) on a SQLite file, configured as operators
 * run it (the benchmarks build first). With
 * `countQueries` it also counts each request's SQL queries (HARBOR_QUERY_COUNT=1, an
 * `X-Harbor-Queries` header): that runs every request in an AsyncLocalStorage context, which costs
 * Node 20 about a tenth of a page's CPU, so the benchmarks count on a server of their own
 * (countQueries below) and time pages on one that doesn't count.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

export async function startBenchServer(dbFile: string, port: number, options: { countQueries?: boolean; processes?: number } = {}): Promise<ChildProcess> {
  const server = spawn(process.execPath, ["build/server.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${dbFile}`,
      HARBOR_QUERY_COUNT: options.countQueries ? "1" : "",
      HARBOR_PROCESSES: String(options.processes ?? 1),
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill();
  throw new Error("The server did not start within a minute.");
}

export interface QueryCount {
  /** Queries of the first request for the page after the server started, and of the second. */
  first: number | null;
  queries: number | null;
  /** Characters of the page (its second answer). */
  bytes: number;
}

/**
 * Each page asked twice of a fresh server that counts queries (the first request may read what
 * later ones find in memory, such as a thread's page of posts), by path.
 */
export async function countQueries(dbFile: string, port: number, pages: { path: string; headers?: Record<string, string> }[]): Promise<QueryCount[]> {
  const server = await startBenchServer(dbFile, port, { countQueries: true });
  const count = (response: Response) => {
    const header = response.headers.get("x-harbor-queries");
    return header === null ? null : Number(header);
  };
  try {
    const counts: QueryCount[] = [];
    for (const page of pages) {
      const url = `http://127.0.0.1:${port}${page.path}`;
      const first = await fetch(url, { headers: page.headers });
      await first.text();
      const second = await fetch(url, { headers: page.headers });
      const body = await second.text();
      if (!first.ok || !second.ok) throw new Error(`${page.path} answered ${first.status}, ${second.status}`);
      counts.push({ first: count(first), queries: count(second), bytes: body.length });
    }
    return counts;
  } finally {
    server.kill("SIGTERM");
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once("exit", resolve)));
  }
}

/** CPU time (user + system, ms) the process has used so far; null where /proc is missing. */
export function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
  } catch {
    return null;
  }
}
