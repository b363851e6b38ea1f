// npm run admin -- <command> …   (the site's admin command line; see docs/operations.md)
// Works on whatever database DATABASE_URL names (SQLite by default, or PostgreSQL). Exit codes:
// 0 done, 1 refused (no such account, the last admin …), 2 a usage mistake.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { createDb } from "./client";
import { migrateToLatest } from "./migrator";
import { AdminCommandError, changeRole, createAdmin, GRANTABLE_ROLES, listAdmins, resetLinkFor } from "../app/models/site-admins.server";
import type { Role } from "./schema";
import { isMainModule } from "./main-module";

const USAGE = `Harbor's admin command line. Usage:

  npm run admin -- create-admin --email <address> --name "<display name>" [--password-stdin]
      Makes a new admin account. Without --password-stdin it prints a link where the new admin
      chooses a password (like a password reset). With it, the password is read from standard
      input (echo … | npm run admin -- create-admin … --password-stdin).
  npm run admin -- grant-role <email> <role>      Gives a member a site role (${GRANTABLE_ROLES.join(", ")}).
  npm run admin -- remove-role <email> <role>     Takes it away again (they stay a member).
  npm run admin -- reset-password <email>         Prints a one-time link to choose a new password.
  npm run admin -- list-admins                    Lists the admins.

The database is DATABASE_URL's (default data/harbor.db). Links start with HARBOR_ORIGIN.`;

class UsageError extends Error {}

/** Said under every printed link while the links would point at this machine. */
const ORIGIN_NOTE = process.env.HARBOR_ORIGIN
  ? ""
  : "\n(HARBOR_ORIGIN is not set, so the link starts with http://localhost; set it to your site's public address, or change the start of the link by hand.)";

function readStdin(): string {
  return fs.readFileSync(0, "utf8").replace(/\r?\n$/, "");
}

async function run(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { email: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...rest] = positionals;
  if (values.help) return USAGE;
  if (!command) throw new UsageError("");
  const expect = (count: number, shape: string) => {
    if (rest.length !== count) throw new UsageError(`${command} takes ${shape}.`);
  };
  const handle = createDb(process.env.DATABASE_URL);
  try {
    await migrateToLatest(handle.db);
    const db = handle.db;
    switch (command) {
      case "create-admin": {
        expect(0, "--email and --name");
        if (!values.email || !values.name) throw new UsageError('create-admin needs --email <address> and --name "<display name>".');
        const created = await createAdmin(db, { email: values.email, displayName: values.name, ...(values["password-stdin"] ? { password: readStdin() } : {}) });
        return created.resetLink
          ? `Made ${created.email} an admin. They choose a password at this link (it works once, within 30 minutes; reset-password makes a new one):\n${created.resetLink}${ORIGIN_NOTE}`
          : `Made ${created.email} an admin; they can sign in now.`;
      }
      case "grant-role":
      case "remove-role": {
        expect(2, "an e-mail address and a role");
        const [email, role] = rest as [string, string];
        const grant = command === "grant-role";
        const changed = await changeRole(db, email, role as Role, grant);
        if (!changed)
          return grant
            ? `${email} is already ${role === "admin" ? "an" : "a"} ${role}; nothing changed.`
            : `${email} is not ${role === "admin" ? "an" : "a"} ${role}; nothing changed.`;
        return grant ? `${email} is now ${role === "admin" ? "an" : "a"} ${role}.` : `${email} is no longer ${role === "admin" ? "an" : "a"} ${role}.`;
      }
      case "reset-password": {
        expect(1, "an e-mail address");
        const { link, minutes } = await resetLinkFor(db, rest[0]!);
        return `A one-time link for ${rest[0]} to choose a new password (works for ${minutes} minutes; it signs them out everywhere):\n${link}${ORIGIN_NOTE}`;
      }
      case "list-admins": {
        expect(0, "no arguments");
        const admins = await listAdmins(db);
        if (admins.length === 0) return "No admins yet: start the server and use the set-up page, or run create-admin.";
        return admins.map((a) => `${a.email}\t${a.display_name}\tsince ${a.created_at.slice(0, 10)}`).join("\n");
      }
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } finally {
    await handle.db.destroy();
  }
}

const isMain = isMainModule(import.meta.url);
if (isMain) {
  try {
    console.log(await run(process.argv.slice(2)));
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      if (error instanceof Error && error.message) console.error(`${error.message}\n`);
      console.error(USAGE);
      process.exitCode = 2;
    } else if (error instanceof AdminCommandError) {
      console.error(error.message);
      process.exitCode = 1;
    } else {
      console.error(`Failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    }
  }
}
