import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// HARBOR_TEST_DB=postgres (with HARBOR_TEST_PG_URL) runs the same suite against PostgreSQL;
// tests/run.ts runs it once per database, shuffled. Every test gets a database of its own
// (tests/helpers/db.ts); the global setup migrates the SQLite template once per run, and on
// PostgreSQL each worker migrates one schema for all the files it runs.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  esbuild: { jsx: "automatic" },
  test: {
    include: ["tests/integration/**/*.test.ts", "tests/unit/**/*.test.ts"],
    // Copying a SQLite site into PostgreSQL needs a PostgreSQL server: it runs in the PostgreSQL pass only.
    exclude: [...configDefaults.exclude, ...(process.env.HARBOR_TEST_DB === "postgres" ? [] : ["tests/integration/db-copy.test.ts"])],
    environment: "node",
    globalSetup: ["tests/helpers/global-setup.ts"],
    pool: "forks",
    // Files share a worker's modules instead of importing the app afresh for each file (that import
    // was about half the CPU time of the SQLite pass). Each test still gets a database of its own and
    // the helper forgets what the app remembers per database (tests/helpers/db.ts); the order is
    // shuffled in npm test, so a file that leaned on another's leftovers would show.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ["kysely"] } },
  },
});
