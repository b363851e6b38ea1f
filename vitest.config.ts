import path from "node:path";
import { defineConfig } from "vitest/config";

// HARBOR_TEST_DB=postgres (with HARBOR_TEST_PG_URL) runs the same suite against PostgreSQL;
// tests/run.ts runs it once per database.
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  esbuild: { jsx: "automatic" },
  test: {
    include: ["tests/integration/**/*.test.ts", "tests/unit/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: { deps: { inline: ["kysely"] } },
  },
});
