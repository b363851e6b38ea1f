/**
 * For the server tests: real Harbor servers (`node build/server.js`, as `npm start` runs it; build
 * first) and a real nginx in front of them, each in a temporary folder, with what they log kept.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";
import { makeUser } from "../factories";

export interface Running {
  process: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Running {
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Waits (checking every 100 ms) until `check` is true; throws with `what` after `limitMs`. */
export async function waitUntil(what: string, check: () => Promise<boolean> | boolean, limitMs = 60_000): Promise<void> {
  const end = Date.now() + limitMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`Gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `harbor-${name}-`));
  fs.chmodSync(dir, 0o755); // nginx's workers (another user when started as root) read and write here
  return dir;
}

/** A Harbor server on 127.0.0.1:port, answering /healthz with 200 before this resolves. */
export async function startHarbor(port: number, env: Record<string, string>): Promise<Running> {
  if (!fs.existsSync("build/server.js")) throw new Error('No build/server.js: run "npm run build" first.');
  const server = run(process.execPath, ["build/server.js"], { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), ...env });
  await waitUntil(`Harbor on port ${port} to answer /healthz\n${server.output()}`, async () => {
    if (server.process.exitCode !== null) throw new Error(`Harbor on port ${port} stopped:\n${server.output()}`);
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
    } catch {
      return false;
    }
  });
  return server;
}

/**
 * A Harbor server on a new SQLite site in a temporary folder, migrated and with an admin (so no
 * set-up page is in the way), its data key and mail files there too.
 */
export async function startHarborOnNewSite(port: number, name: string, env: Record<string, string> = {}): Promise<{ server: Running; dir: string }> {
  const dir = tempDir(name);
  const file = path.join(dir, "harbor.db");
  const handle = createDb(`file:${file}`, { reader: false });
  try {
    await migrateToLatest(handle.db);
    await makeUser(handle.db, { role: "admin" });
  } finally {
    await handle.db.destroy();
  }
  const server = await startHarbor(port, { DATABASE_URL: `file:${file}`, HARBOR_DATA_KEY_FILE: path.join(dir, "key"), HARBOR_MAIL_DIR: path.join(dir, "mail"), ...env });
  return { server, dir };
}

/** The JSON lines a server logged. */
export function logLines(server: Running): Record<string, unknown>[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function nginxBinary(): string | null {
  for (const candidate of [process.env.HARBOR_NGINX, "/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]) {
    if (candidate && fs.existsSync(candidate)) return candidate;
  }
  const found = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).stdout.trim();
  return found || null;
}

/**
 * nginx as an ordinary process (no daemon, config and files in a temporary folder) on
 * 127.0.0.1:port, balancing over the Harbor servers on `backends`. A request with
 * `X-Test-Backend: 0` (or 1, …) goes to that one server; every answer says which one served it
 * in `X-Test-Upstream`. Otherwise as deploy/nginx.conf: X-Forwarded-For and -Proto, Host kept.
 */
export async function startNginx(port: number, backends: number[]): Promise<Running> {
  const binary = nginxBinary();
  if (!binary) throw new Error("nginx is not installed (apt-get install -y nginx)");
  const dir = tempDir("nginx");
  const upstreams = backends.map((p, i) => `  upstream harbor_${i} { server 127.0.0.1:${p}; }`).join("\n");
  const map = backends.map((_p, i) => `    ${i} harbor_${i};`).join("\n");
  const config = `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream harbor { ${backends.map((p) => `server 127.0.0.1:${p};`).join(" ")} }
${upstreams}
  map $http_x_test_backend $pool {
    default harbor;
${map}
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 3m;
    location / {
      proxy_pass http://$pool;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      add_header X-Test-Upstream $upstream_addr always;
    }
  }
}
`;
  fs.writeFileSync(path.join(dir, "nginx.conf"), config);
  const nginx = run(binary, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log"), "-g", "daemon off;"], process.env);
  await waitUntil(`nginx on port ${port}`, async () => {
    if (nginx.process.exitCode !== null)
      throw new Error(`nginx stopped: ${nginx.output()} ${fs.existsSync(path.join(dir, "error.log")) ? fs.readFileSync(path.join(dir, "error.log"), "utf8") : ""}`);
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
      return true;
    } catch {
      return false;
    }
  });
  return nginx;
}

/** A browser-like client of one site: keeps its cookie, posts forms with the site's Origin. */
export class Client {
  cookie = "";
  constructor(readonly origin: string) {}

  async request(pathname: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response & { text_: string }> {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.cookie) headers.Cookie = this.cookie;
    let body: string | undefined;
    if (init.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers.Origin = this.origin;
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(`${this.origin}${pathname}`, { method: init.method ?? (init.form ? "POST" : "GET"), headers, body, redirect: "manual" });
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(";")[0]!;
      if (/harbor_session=/.test(pair)) this.cookie = pair.endsWith("=") ? "" : pair;
    }
    const text_ = await response.text();
    return Object.assign(response, { text_ });
  }
}
