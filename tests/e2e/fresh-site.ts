// A Harbor server of a test's own on an EMPTY database (no admin, no demo data), as an operator
// starts one for the first time: the production build (`node build/server.js`, so run
// `npm run build` first), on a port beside the shared test server's. Its log is kept, so a test
// can read what the server printed (the set-up code).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface FreshSite {
  origin: string;
  /** Everything the server has written to stdout and stderr so far. */
  log: () => string;
  stop: () => Promise<void>;
}

const PORT = Number(process.env.E2E_PORT || 3111) + 1000;

export async function startFreshSite(): Promise<FreshSite> {
  const dir = path.resolve("data/e2e-fresh");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const origin = `http://localhost:${PORT}`;
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["build/server.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      HARBOR_ORIGIN: origin,
      DATABASE_URL: `file:${path.join(dir, "harbor.db")}`,
      HARBOR_DATA_KEY_FILE: path.join(dir, "data-key"),
      HARBOR_MAIL_DIR: path.join(dir, "mail"),
      HARBOR_PROCESSES: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  // Ready when /healthz answers (the server prints its set-up code before it listens).
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) throw new Error(`The fresh server stopped:\n${output}`);
    const up = await fetch(`${origin}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { origin, log: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`The fresh server did not answer /healthz within a minute:\n${output}`);
}
