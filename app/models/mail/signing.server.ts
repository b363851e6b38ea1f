/**
 * Signed links in e-mails (one-click unsubscribe). The key is HARBOR_SECRET when set; otherwise a
 * random key made once and kept in site_settings, so every app server of a site shares it.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { nowIso } from "../../utils/clock.server";
import { harborEnv } from "../../utils/env.server";

const KEY_SETTING = "mail_signing_key";

async function signingKey(db: Kysely<Database>): Promise<string> {
  const secret = harborEnv().HARBOR_SECRET;
  if (secret) return secret;
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", KEY_SETTING).executeTakeFirst();
  if (row) return JSON.parse(row.value) as string;
  const key = randomBytes(32).toString("base64url");
  await db
    .insertInto("site_settings")
    .values({ key: KEY_SETTING, value: JSON.stringify(key), updated_at: nowIso(), updated_by: null })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  // Another server may have made one first: use whichever is stored.
  const stored = await db.selectFrom("site_settings").select("value").where("key", "=", KEY_SETTING).executeTakeFirstOrThrow();
  return JSON.parse(stored.value) as string;
}

function mac(key: string, payload: string): string {
  return createHmac("sha256", key).update(payload).digest("base64url");
}

export async function sign(db: Kysely<Database>, payload: string): Promise<string> {
  return mac(await signingKey(db), payload);
}

export async function verifySignature(db: Kysely<Database>, payload: string, signature: string): Promise<boolean> {
  if (!signature || signature.length > 100) return false;
  const expected = Buffer.from(mac(await signingKey(db), payload));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
