/**
 * Encryption at rest for members' private free text (slip notes, check-in notes, the journal, the
 * taper log, the relapse-prevention plan): AES-256-GCM with a fresh 96-bit nonce per value, and the
 * owner's id as additional authenticated data, so a value copied onto another member's row does
 * not decrypt. A database file (or dump) alone does not reveal these texts.
 *
 * Keys, first match wins:
 * - HARBOR_DATA_KEYS: comma-separated `id:base64key` pairs (32-byte keys). The FIRST key encrypts
 *   new values; every listed key decrypts. To rotate: put a new key first, keep the old one after
 *   it, run `npm run db:rotate-key` (re-encrypts every value with the first key), then drop the old.
 * - otherwise the key file HARBOR_DATA_KEY_FILE (default data/data-key), created with a random
 *   key on first use (mode 0600). Keep it out of database backups' reach, and back it up apart.
 *   Not on PostgreSQL: there several servers share the database, and each would invent a key of
 *   its own in its own file (text sealed through one would not open through another), so
 *   HARBOR_DATA_KEYS is required and the server refuses to start without it.
 *
 * Stored form: `hb1.<keyId>.<nonce>.<ciphertext+tag>` (base64url).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { logger } from "./logger.server";
import { parseKeyList, type DataKey } from "./data-key-list";

export { parseKeyList, type DataKey };

const PREFIX = "hb1";
let cached: { source: string; keys: DataKey[] } | null = null;

function keyFromFile(file: string): DataKey[] {
  try {
    return parseKeyList(fs.readFileSync(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const line = `k${Date.now().toString(36)}:${crypto.randomBytes(32).toString("base64")}\n`;
  try {
    fs.writeFileSync(file, line, { flag: "wx", mode: 0o600 });
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return parseKeyList(fs.readFileSync(file, "utf8"));
}

export const SHARED_KEYS_REQUIRED =
  "DATABASE_URL points at PostgreSQL, so HARBOR_DATA_KEYS must be set, with the same value on every Harbor server that uses this database " +
  "(a key file would be made afresh on each machine, and members' private text sealed through one server could not be read through another). " +
  "Make a key with: node -e \"console.log('k1:' + require('crypto').randomBytes(32).toString('base64'))\" — " +
  "or, after moving a SQLite site with npm run db:copy, use the line in its data/data-key file. See docs/operations.md, 'Data keys'.";

function isPostgres(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//i.test(url);
}

/** The keys in use; the first encrypts. Throws (with what to do) when none can be had. Read live (the key-rotation tests switch keys); the format is checked at start by env.server.ts. */
export function dataKeys(): DataKey[] {
  const env = process.env.HARBOR_DATA_KEYS?.trim();
  const source = env ? `env:${env}` : `file:${process.env.HARBOR_DATA_KEY_FILE || "data/data-key"}`;
  if (cached?.source === source) return cached.keys;
  let keys: DataKey[];
  if (env) keys = parseKeyList(env);
  else if (process.env.VITEST) keys = [{ id: "test", key: crypto.createHash("sha256").update("harbor-test-data-key").digest() }];
  else if (isPostgres(process.env.DATABASE_URL)) throw new Error(SHARED_KEYS_REQUIRED);
  else keys = keyFromFile(process.env.HARBOR_DATA_KEY_FILE || "data/data-key");
  if (keys.length === 0) throw new Error("No data key configured (HARBOR_DATA_KEYS).");
  cached = { source, keys };
  return keys;
}

/** Encrypts one private text for its owner. */
export function sealText(plain: string, ownerId: string): string {
  const { id, key } = dataKeys()[0]!;
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(ownerId, "utf8"));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${PREFIX}.${id}.${nonce.toString("base64url")}.${body.toString("base64url")}`;
}

export class UnreadableTextError extends Error {}

/** Decrypts a value sealed for this owner; throws UnreadableTextError when no key opens it. */
export function openText(sealed: string, ownerId: string): string {
  const [prefix, keyId, nonceText, bodyText] = sealed.split(".");
  if (prefix !== PREFIX || !keyId || !nonceText || bodyText === undefined) throw new UnreadableTextError("Not a sealed value");
  const entry = dataKeys().find((k) => k.id === keyId);
  if (!entry) throw new UnreadableTextError(`The key "${keyId}" that sealed this text is not configured`);
  const body = Buffer.from(bodyText, "base64url");
  if (body.length < 16) throw new UnreadableTextError("Sealed value too short");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", entry.key, Buffer.from(nonceText, "base64url"));
    decipher.setAAD(Buffer.from(ownerId, "utf8"));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new UnreadableTextError("This text could not be decrypted");
  }
}

export function sealOptional(plain: string | null | undefined, ownerId: string): string | null {
  return plain ? sealText(plain, ownerId) : null;
}

export function openOptional(sealed: string | null | undefined, ownerId: string): string {
  return sealed ? openText(sealed, ownerId) : "";
}

/** True when the value was sealed with a key other than the current first one (rotation pending). */
export function needsResealing(sealed: string): boolean {
  return sealed.split(".")[1] !== dataKeys()[0]!.id;
}

/** For tests: forget the cached keys after changing the environment. */
export function resetDataKeys(): void {
  cached = null;
}

/** What a page shows in place of a text no configured key opens (a key was lost or removed too early). */
export const UNREADABLE_TEXT = "[This text can't be read: the key that protected it is not configured on this server. Your site's admin can restore it.]";

/** Opens a value for reading pages: a value no key opens becomes UNREADABLE_TEXT instead of an error page. */
export function openForReading(sealed: string | null | undefined, ownerId: string): string {
  if (!sealed) return "";
  try {
    return openText(sealed, ownerId);
  } catch (error) {
    if (error instanceof UnreadableTextError) {
      logger.error(`Private text of a member could not be decrypted: ${error.message}`);
      return UNREADABLE_TEXT;
    }
    throw error;
  }
}
