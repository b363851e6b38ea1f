/**
 * Once per Vitest run: on SQLite, migrate an in-memory database and keep its serialised bytes in
 * a temporary file; tests/helpers/db.ts opens a copy of it for every test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDb } from "../../db/client";
import { migrateToLatest } from "../../db/migrator";

declare module "vitest" {
  export interface ProvidedContext {
    harborSqliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-test-template-"));
  const file = path.join(dir, "migrated.sqlite");
  const handle = createDb(":memory:");
  try {
    await migrateToLatest(handle.db);
    fs.writeFileSync(file, handle.sqlite!.serialize());
  } finally {
    await handle.db.destroy();
  }
  project.provide("harborSqliteTemplate", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
