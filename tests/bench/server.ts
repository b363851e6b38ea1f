/**
 * The production server as the benchmarks run it: one process (node with tsx's loader, so its CPU
 * time can be read from /proc) on a SQLite file, counting SQL queries per request.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

export async function startBenchServer(dbFile: string, port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, ["--import", "tsx", "app/server.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${dbFile}`, HARBOR_QUERY_COUNT: "1" },
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

/** CPU time (user + system, ms) the process has used so far; null where /proc is missing. */
export function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in 1/100 s
  } catch {
    return null;
  }
}
