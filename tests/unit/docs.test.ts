/**
 * The README is a front door and docs/ holds the rest: these tests keep them true to the code.
 * Every link between the pages resolves, every file a "Where it lives" list names exists, every
 * environment variable the code reads is in the one configuration table, and the README keeps the
 * two commands and the demo sign-ins the seed actually creates.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(rel);
    return entry.name.endsWith(".md") ? [rel] : [];
  });
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(ts|tsx)$/.test(entry.name) ? [rel] : [];
  });
}

/** The first capture group of every match. */
const captures = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1] ?? "");

const pages = ["README.md", ...markdownFiles("docs")];

describe("the documentation", () => {
  it("links only to files that exist", () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const target of captures(read(page), /\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        const file = target.split("#")[0] ?? "";
        if (!fs.existsSync(path.resolve(root, path.dirname(page), file))) broken.push(`${page} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("names in each page's 'Where it lives' only files and folders that exist", () => {
    const missing: string[] = [];
    for (const page of markdownFiles("docs").filter((p) => !p.startsWith("docs/decisions"))) {
      const text = read(page);
      expect(text.match(/^## .*/m)?.[0], `${page}'s first section`).toBe("## Where it lives");
      const section = text.split("## Where it lives\n\n")[1]?.split("\n\n")[0] ?? "";
      for (const name of captures(section, /`([^`\s]+)`/g)) {
        // Full paths are checked as written (not what a build or the server makes: build/, data/); a route folder (groups.$slug.new) under app/routes/;
        // bare file names under the folder the list named last on that line (models, tests).
        if (/^(npm|data\/|build\/|public\/build\/|\/)/.test(name) || name.includes("*") || name.includes("[")) continue;
        if (name.includes("/")) {
          if (!fs.existsSync(path.join(root, name))) missing.push(`${page}: ${name}`);
        }
      }
      for (const routes of captures(section, /Routes?: ([^\n]+(?:\n {2}[^\n]+)*)/g)) {
        for (const name of captures(routes, /`([^`/\s*[]+)`/g)) {
          if (!fs.existsSync(path.join(root, "app/routes", name))) missing.push(`${page}: route ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("lists every environment variable the code reads in docs/configuration.md", () => {
    const table = read("docs/configuration.md");
    const read_ = new Set<string>();
    for (const file of [...sourceFiles("app"), ...sourceFiles("db")]) {
      const text = read(file);
      for (const name of captures(text, /process\.env\.([A-Z][A-Z0-9_]+)/g)) read_.add(name);
      for (const name of captures(text, /(?:env|process\.env)\[?\.?\(?\s*["']?\b((?:HARBOR|SMTP|SESSION|MAIL)_[A-Z0-9_]+)/g)) read_.add(name);
    }
    for (const internal of ["VITEST", "HARBOR_UNKNOWN_STATEMENT"]) read_.delete(internal);
    expect(read_.size).toBeGreaterThan(10);
    expect([...read_].filter((name) => !table.includes(`\`${name}\``)).sort()).toEqual([]);
  });

  it("keeps the two commands and the demo sign-ins the seed creates in the README", () => {
    const readme = read("README.md");
    expect(readme).toContain("npm install && npm run demo");
    expect(readme).toContain("npm test");
    const seed = read("db/seed.ts");
    const password = seed.match(/DEMO_PASSWORD = "([^"]+)"/)?.[1];
    expect(password).toBeTruthy();
    expect(readme).toContain(`**\`${password}\`**`);
    const emails = captures(seed, /email: "([^"]+@harbor\.test)"/g);
    expect(emails.length).toBeGreaterThan(1);
    for (const email of emails) expect(readme).toContain(`\`${email}\``);
    expect(readme.split("\n").length).toBeLessThan(200);
  });
});
