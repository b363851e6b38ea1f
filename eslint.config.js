// ESLint (flat config): TypeScript's recommended rules, React's rules of hooks, and the
// accessibility rules of jsx-a11y for the pages. Formatting is Prettier's job (.prettierrc.json):
// eslint-config-prettier, last, turns off every rule that would argue with it.
// Every eslint-disable comment says why on its line, except in db/migrations/: migrations are never
// edited once written, and theirs all allow `Kysely<any>` (a migration sees the database as it was
// then, not db/schema.ts — Kysely's migration guide types them so).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import jsxA11y from "eslint-plugin-jsx-a11y";
import prettier from "eslint-config-prettier";
import globals from "globals";

export default tseslint.config(
  {
    ignores: ["build/**", "public/build/**", "public/sw.js", "node_modules/**", "data/**", "test-results/**", ".test-results/**", "playwright-report/**", ".cache/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.browser },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
      // Harbor narrows with `!` where a check just before (or a route's own guard) proves the value is there.
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
    },
  },
  {
    // Playwright's fixtures that need no other fixture are written `async ({}, use) => …`.
    files: ["tests/e2e/**/*.ts"],
    rules: { "no-empty-pattern": "off" },
  },
  {
    // The service worker runs in its own global scope (self, caches, clients), not a page's.
    files: ["app/pwa/service-worker.js"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
