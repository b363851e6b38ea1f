/**
 * `npm run build`, second half: compiles Harbor's HTTP server (app/server.ts and what it imports,
 * packages left as imports) and the database migrations into build/, so that `npm start` is plain
 * `node build/server.js` — no TypeScript loader, no dev dependencies, no rebuild at start.
 *
 *   build/server.js              the entry: production mode unless NODE_ENV says otherwise, then…
 *   build/server/index.js        …app/start.server.ts: one server process or several (HARBOR_PROCESSES)
 *   build/server/server-*.js     the compiled server (app/server.ts)
 *   build/server/migrations/*.js the migrations (the migrator looks beside its own module)
 *   build/cli/<tool>.js          the command-line tools (db/<tool>.ts: admin, migrate, backup …),
 *                                each one file, run by db/run.mjs (the npm scripts) without tsx
 *   build/cli/migrations/*.js    the migrations again, beside the tools' migrator
 *   public/sw.js                 the service worker (app/pwa/service-worker.js), named for this build
 *
 * esbuild is the compiler the Remix build already uses (see docs/decisions/0018-compiled-server-and-processes.md).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const out = "build/server";
const cli = "build/cli";
fs.rmSync(out, { recursive: true, force: true });
fs.rmSync(cli, { recursive: true, force: true });

/** The command-line tools (db/<tool>.ts), for `npm run admin`, `db:migrate` … through db/run.mjs. */
const TOOLS = ["admin", "migrate", "seed", "backup", "restore", "copy", "rotate-data-key", "mail-worker", "import-meetings"];

const common = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  logLevel: "warning",
  legalComments: "none",
  // package.json says "sideEffects": false (for the browser bundle); the server imports modules for their effects.
  ignoreAnnotations: true,
};

// app/start.server.ts runs one server or, with HARBOR_PROCESSES, several (it imports app/server.ts
// lazily, so the server is a chunk of its own: splitting).
await build({ ...common, entryPoints: { index: "app/start.server.ts" }, outdir: out, splitting: true, chunkNames: "[name]-[hash]" });

const migrations = fs.readdirSync("db/migrations").filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
await build({ ...common, entryPoints: migrations.map((f) => path.join("db/migrations", f)), outdir: `${out}/migrations` });

// Each tool is one file, without shared chunks: a tool knows it is the program by its own
// import.meta.url (db/main-module.ts), and its migrator looks for build/cli/migrations.
await build({ ...common, entryPoints: Object.fromEntries(TOOLS.map((tool) => [tool, `db/${tool}.ts`])), outdir: cli });
fs.cpSync(`${out}/migrations`, `${cli}/migrations`, { recursive: true });
// The service worker carries a version made from the browser build's file names (which hash their
// contents) and its own source: a new build is a new worker, which drops the old build's copies.
const serviceWorker = "app/pwa/service-worker.js";
const browserFiles = fs.existsSync("public/build") ? fs.readdirSync("public/build", { recursive: true }).map(String).sort() : [];
const version = crypto.createHash("sha256").update(browserFiles.join("\n")).update(fs.readFileSync(serviceWorker)).digest("hex").slice(0, 16);
await build({
  entryPoints: [serviceWorker],
  outfile: "public/sw.js",
  bundle: false,
  format: "iife",
  target: "es2020",
  logLevel: "warning",
  define: { HARBOR_VERSION: JSON.stringify(version) },
});

fs.writeFileSync(
  "build/server.js",
  `// Written by \`npm run build\` (app/build-server.mjs). Start Harbor with \`npm start\` or \`node build/server.js\`.
// Production unless NODE_ENV says otherwise; set before anything loads React, which reads it once.
process.env.NODE_ENV ||= "production";
await import("./server/index.js");
`,
);
console.log(`Compiled the server: build/server.js (${migrations.length} migrations), and the command-line tools: build/cli/ (${TOOLS.join(", ")})`);
