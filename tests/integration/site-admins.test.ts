/**
 * The admin command line (`npm run admin`): its model on this run's database, and the script itself
 * (exit codes, what it prints) on a SQLite file.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AdminCommandError, changeRole, createAdmin, listAdmins, resetLinkFor } from "../../app/models/site-admins.server";
import { resetPassword } from "../../app/models/account-tokens.server";
import { signIn } from "../../app/models/sign-in.server";
import { makeUser } from "../factories";
import { createTestDatabase, useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
const tokenOf = (link: string) => link.split("/reset-password/")[1]!;
const unique = () => Math.random().toString(36).slice(2, 8);

describe("the admin command line's model", () => {
  it("creates an admin who chooses a password through a one-time link; the account cannot be signed into before", async () => {
    const email = `new-admin-${unique()}@riverside.example`;
    const { resetLink } = await createAdmin(t.db, { email, displayName: `Casey ${unique()}` });
    expect(resetLink).toMatch(/^http:\/\/localhost:\d+\/reset-password\/[a-z2-7]+$/);
    const row = await t.db.selectFrom("users").select(["role"]).where("email", "=", email).executeTakeFirstOrThrow();
    expect(row.role).toBe("admin");
    expect((await signIn(t.db, { email, password: "steady lantern harbour" })).ok).toBe(false);
    expect((await resetPassword(t.db, tokenOf(resetLink!), "steady lantern harbour")).ok).toBe(true);
    expect((await signIn(t.db, { email, password: "steady lantern harbour" })).ok).toBe(true);
    expect((await listAdmins(t.db)).map((a) => a.email)).toContain(email);
  });

  it("takes a password given on standard input only if it passes the password rules", async () => {
    const email = `pw-admin-${unique()}@riverside.example`;
    await expect(createAdmin(t.db, { email, displayName: `Weak ${unique()}`, password: "password123" })).rejects.toThrow(/Password: .*common/);
    expect(await t.db.selectFrom("users").select("id").where("email", "=", email).execute()).toHaveLength(0);
    const made = await createAdmin(t.db, { email, displayName: `Strong ${unique()}`, password: "quiet river morning" });
    expect(made.resetLink).toBeNull();
    expect((await signIn(t.db, { email, password: "quiet river morning" })).ok).toBe(true);
    await expect(createAdmin(t.db, { email, displayName: `Again ${unique()}` })).rejects.toThrow(/exists already: make it an admin with grant-role/);
  });

  it("grants and removes the admin role, recorded in the audit log", async () => {
    // Another admin, so that removing this one is not removing the last.
    await makeUser(t.db, { role: "admin" });
    const member = await makeUser(t.db);
    expect(await changeRole(t.db, member.email, "admin", true)).toBe(true);
    expect(await changeRole(t.db, member.email, "admin", true)).toBe(false);
    expect((await t.db.selectFrom("users").select("role").where("id", "=", member.id).executeTakeFirstOrThrow()).role).toBe("admin");
    expect(await changeRole(t.db, member.email, "admin", false)).toBe(true);
    expect((await t.db.selectFrom("users").select("role").where("id", "=", member.id).executeTakeFirstOrThrow()).role).toBe("member");
    const audit = await t.db.selectFrom("audit_log").select(["action", "actor_id"]).where("subject_user_id", "=", member.id).execute();
    expect(audit).toEqual([
      { action: "user.role", actor_id: null },
      { action: "user.role", actor_id: null },
    ]);

    await expect(changeRole(t.db, "nobody@riverside.example", "admin", true)).rejects.toThrow(AdminCommandError);
    await expect(changeRole(t.db, member.email, "wizard" as never, true)).rejects.toThrow(/not a role/);
  });

  it("never removes the last admin", async () => {
    const site = await createTestDatabase();
    try {
      const only = await makeUser(site.db, { role: "admin" });
      await expect(changeRole(site.db, only.email, "admin", false)).rejects.toThrow(/is the only admin/);
      expect((await listAdmins(site.db)).map((a) => a.email)).toEqual([only.email]);
    } finally {
      await site.cleanup();
    }
  });

  it("hands a member a reset link that works once", async () => {
    const member = await makeUser(t.db);
    const { link, minutes } = await resetLinkFor(t.db, member.email);
    expect(minutes).toBe(30);
    expect((await resetPassword(t.db, tokenOf(link), "new calm harbour words")).ok).toBe(true);
    expect(await resetPassword(t.db, tokenOf(link), "another calm harbour")).toEqual({ ok: false, problem: "used" });
    await expect(resetLinkFor(t.db, "nobody@riverside.example")).rejects.toThrow(/No account has the e-mail address/);
  });
});

describe("npm run admin", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-admin-cli-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const admin = (args: string[], input?: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "db/admin.ts", ...args], {
      encoding: "utf8",
      input,
      env: { ...process.env, VITEST: "", DATABASE_URL: `file:${path.join(dir, "harbor.db")}`, HARBOR_ORIGIN: "https://harbor.example.org" },
    });

  it("answers usage mistakes with exit code 2, refusals with 1, and prints links on the site's address", () => {
    const usage = admin(["frobnicate"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Unknown command "frobnicate"');
    expect(usage.stderr).toContain("npm run admin -- create-admin");

    const made = admin(["create-admin", "--email", "sam@riverside.example", "--name", "Sam R.", "--password-stdin"], "steady lantern harbour\n");
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain("Made sam@riverside.example an admin; they can sign in now.");

    const link = admin(["reset-password", "sam@riverside.example"]);
    expect(link.status).toBe(0);
    expect(link.stdout).toMatch(/https:\/\/harbor\.example\.org\/reset-password\/[a-z2-7]{20,}/);

    const last = admin(["remove-role", "sam@riverside.example", "admin"]);
    expect(last.status).toBe(1);
    expect(last.stderr).toContain("only admin");

    const list = admin(["list-admins"]);
    expect(list.stdout).toContain("sam@riverside.example\tSam R.");
  }, 180_000); // five runs of the script, each starting Node and tsx
});
