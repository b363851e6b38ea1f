import path from "node:path";
import { defineConfig } from "vitest/config";

// The server tests (npm test runs them after the build, tests/run.ts): real `node build/server.js`
// processes, and nginx in front of two of them on PostgreSQL. Run alone:
//   npm run build && npx vitest run --config tests/server/vitest.config.ts
export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "../../app") } },
  test: {
    root: path.resolve(__dirname, "../.."),
    include: ["tests/server/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    server: { deps: { inline: ["kysely"] } },
  },
});
