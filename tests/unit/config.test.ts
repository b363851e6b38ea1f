/**
 * The one configuration schema (app/utils/env.server.ts): defaults, bad values named with what is
 * wrong, and the start-up warnings an operator gets.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, envSchema, parseEnv } from "../../app/utils/env.server";
import { buildProblem, startupWarnings } from "../../app/utils/startup.server";
import { getMailConfig } from "../../app/models/mail/config.server";

const KEY = Buffer.alloc(32, 7).toString("base64");

function problems(env: Record<string, string>): string[] {
  try {
    parseEnv(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("configuration", () => {
  it("starts from defaults that suit one server on SQLite", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: "0.0.0.0", SESSION_INACTIVITY_DAYS: 7, HARBOR_MAIL_WORKER: true, HARBOR_SQLITE_READER: true, LOG_LEVEL: "info" });
    expect(env.HARBOR_ORIGIN).toBeUndefined();
  });

  it("names each bad variable and what is wrong with it", () => {
    const found = problems({
      PORT: "eighty",
      HARBOR_ORIGIN: "harbor.example.org",
      HARBOR_DEFAULT_TIMEZONE: "Mars/Olympus",
      SMTP_SECURE: "maybe",
      HARBOR_DATA_KEYS: "k1:c2hvcnQ=",
      HARBOR_SECRET: "short",
      DATABASE_URL: "mysql://db/harbor",
      LOG_LEVEL: "loud",
    });
    expect(found).toHaveLength(8);
    expect(found).toContain('PORT: must be a port number (1-65535); got "eighty"');
    expect(found.find((p) => p.startsWith("HARBOR_ORIGIN:"))).toContain("https://harbor.example.org");
    expect(found.find((p) => p.startsWith("HARBOR_DATA_KEYS:"))).toContain("32 bytes");
    for (const name of ["HARBOR_DEFAULT_TIMEZONE", "SMTP_SECURE", "HARBOR_SECRET", "DATABASE_URL", "LOG_LEVEL"]) {
      expect(found.some((p) => p.startsWith(`${name}:`))).toBe(true);
    }
  });

  it("accepts a full production setup", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      PORT: "8080",
      DATABASE_URL: "postgres://harbor@db/harbor",
      HARBOR_ORIGIN: "https://harbor.example.org/",
      TRUST_PROXY: "loopback",
      SMTP_HOST: "smtp.example.org",
      SMTP_SECURE: "true",
      HARBOR_DATA_KEYS: `k1:${KEY}`,
      HARBOR_MAIL_WORKER: "off",
    });
    expect(env).toMatchObject({ PORT: 8080, SMTP_SECURE: true, HARBOR_MAIL_WORKER: false, TRUST_PROXY: "loopback" });
    expect(getMailConfig({ SMTP_HOST: "smtp.example.org", SMTP_SECURE: "1", HARBOR_ORIGIN: "https://harbor.example.org/" })).toMatchObject({
      smtp: { host: "smtp.example.org", port: 465, secure: true },
      baseUrl: "https://harbor.example.org",
    });
  });

  it("warns at start about a missing origin, no SMTP, and servers that would invent their own data keys", () => {
    const bare = startupWarnings(parseEnv({ NODE_ENV: "production" }), { dialect: "postgres", mailDir: "/srv/harbor/mail" });
    expect(bare.map((w) => w.split(" ")[0])).toEqual(["HARBOR_ORIGIN", "SMTP", "HARBOR_DATA_KEYS"]);
    expect(bare[1]).toContain("/srv/harbor/mail");
    const configured = parseEnv({ NODE_ENV: "production", HARBOR_ORIGIN: "https://h.example.org", SMTP_HOST: "smtp.example.org", HARBOR_DATA_KEYS: `k1:${KEY}` });
    expect(startupWarnings(configured, { dialect: "postgres", mailDir: "data/mail" })).toEqual([]);
    // One SQLite server keeps its key file beside the database: nothing to share.
    expect(startupWarnings({ ...configured, HARBOR_DATA_KEYS: undefined }, { dialect: "sqlite", mailDir: "data/mail" })).toEqual([]);
  });

  it("refuses to serve a development build in production", () => {
    expect(buildProblem({ mode: "development" }, "production")).toContain("npm run build");
    expect(buildProblem({ mode: "production" }, "production")).toBeNull();
    expect(buildProblem({ mode: "development" }, "development")).toBeNull();
  });

  it("is documented in one table that names every variable of the schema and no other", () => {
    const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/configuration.md"), "utf8");
    const [server, testsOnly = ""] = doc.split(/\| \*\*Tests only\*\* +\|/);
    const documented = new Set([...server!.matchAll(/^\| ([^|]+) \|/gm)].flatMap((m) => [...m[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((n) => n[1]!)));
    const forTests = new Set([...testsOnly.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]!));
    const schema = Object.keys(envSchema.shape);
    expect(schema.filter((name) => !documented.has(name) && !forTests.has(name))).toEqual([]);
    expect([...documented].filter((name) => !schema.includes(name))).toEqual([]);
  });
});
