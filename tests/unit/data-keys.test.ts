import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { dataKeys, openText, resetDataKeys, sealText } from "../../app/utils/private-text.server";

// Outside the test runner's own key: as a real server starts.
function asRealServer(env: Record<string, string | undefined>) {
  vi.stubEnv("VITEST", undefined);
  vi.stubEnv("HARBOR_DATA_KEYS", undefined);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  resetDataKeys();
}

afterEach(() => {
  vi.unstubAllEnvs();
  resetDataKeys();
});

describe("the data key", () => {
  it("is never invented per server on PostgreSQL: without HARBOR_DATA_KEYS it refuses, says what to do, and writes no key file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-keys-"));
    const keyFile = path.join(dir, "data-key");
    asRealServer({ DATABASE_URL: "postgres://harbor@db.internal/harbor", HARBOR_DATA_KEY_FILE: keyFile });
    expect(() => dataKeys()).toThrow(/HARBOR_DATA_KEYS must be set, with the same value on every Harbor server/);
    expect(() => sealText("journal", "u")).toThrow(/HARBOR_DATA_KEYS/);
    expect(fs.existsSync(keyFile)).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("on PostgreSQL uses HARBOR_DATA_KEYS, so every server opens what another sealed", () => {
    const key = `shared:${Buffer.alloc(32, 7).toString("base64")}`;
    asRealServer({ DATABASE_URL: "postgresql://harbor@db.internal/harbor", HARBOR_DATA_KEYS: key });
    const sealed = sealText("what helped today", "member-1");
    resetDataKeys(); // "another server": the same environment, its own memory
    expect(openText(sealed, "member-1")).toBe("what helped today");
  });

  it("on SQLite creates the key file once, readable by the server's user only", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-keys-"));
    const keyFile = path.join(dir, "data-key");
    asRealServer({ DATABASE_URL: `file:${path.join(dir, "harbor.db")}`, HARBOR_DATA_KEY_FILE: keyFile });
    const sealed = sealText("a note", "member-2");
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    resetDataKeys();
    expect(openText(sealed, "member-2")).toBe("a note");
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
