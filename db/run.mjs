/**
 * Runs one of Harbor's command-line tools, as the npm scripts do (`npm run admin -- list-admins` is
 * `node db/run.mjs admin list-admins`):
 *
 *   - build/cli/<tool>.js, compiled by `npm run build` (app/build-server.mjs), when it is there and
 *     not older than the source (app/, db/, tests/factories.ts): plain Node, no development package needed, so it
 *     works on a production install (`npm ci --omit=dev`, the Docker image);
 *   - otherwise db/<tool>.ts through tsx (a development install, where the source changed since
 *     the last build);
 *   - neither: says to run `npm run build`.
 *
 * Plain JavaScript on purpose: it must run where there is no TypeScript loader.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [tool, ...args] = process.argv.slice(2);
if (!tool || !/^[a-z][a-z-]*$/.test(tool)) {
  console.error("Usage: node db/run.mjs <tool> [arguments…]   (the tools are db/*.ts; see docs/operations.md)");
  process.exit(2);
}
const compiled = path.join(root, "build", "cli", `${tool}.js`);
const source = path.join(root, "db", `${tool}.ts`);

/** The newest modification time of the TypeScript files under `dir` (or of the file `dir`; 0 when there are none). */
function newestSource(dir) {
  let newest = 0;
  let entries;
  try {
    if (fs.statSync(dir).isFile()) return fs.statSync(dir).mtimeMs;
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.tsx?$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function tsxInstalled() {
  try {
    createRequire(import.meta.url).resolve("tsx/esm/api");
    return true;
  } catch {
    return false;
  }
}

const hasCompiled = fs.existsSync(compiled);
const hasSource = fs.existsSync(source);
// What the tools are built from: app/, db/, and the test factories the demo seed uses.
const sources = ["app", "db", "tests/factories.ts"].map((part) => newestSource(path.join(root, part)));
const stale = hasCompiled && hasSource && Math.max(...sources) > fs.statSync(compiled).mtimeMs;
const tsx = (!hasCompiled || stale) && hasSource && tsxInstalled();

let entry;
if (tsx) {
  const { register } = await import("tsx/esm/api");
  register();
  entry = source;
} else if (hasCompiled) {
  if (stale) console.error(`Note: ${path.relative(root, compiled)} is older than the source; run \`npm run build\` to bring it up to date.`);
  entry = compiled;
} else if (hasSource) {
  console.error(`No compiled ${tool} tool (build/cli/${tool}.js) and no tsx to run db/${tool}.ts: run \`npm run build\` first (it needs the development packages).`);
  process.exit(2);
} else {
  console.error(`There is no tool "${tool}" (looked for build/cli/${tool}.js and db/${tool}.ts).`);
  process.exit(2);
}

// The tool reads its arguments from process.argv and knows it is the program by process.argv[1].
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(entry).href);
