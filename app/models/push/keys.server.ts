/**
 * The site's VAPID keys (RFC 8292): push services accept a message for a browser only when it is
 * signed with the key pair the browser subscribed with. Every app server and mail worker of a site
 * must use the same pair, so:
 * - HARBOR_VAPID_PUBLIC_KEY and HARBOR_VAPID_PRIVATE_KEY (both, base64url, as `npx web-push
 *   generate-vapid-keys` prints them) win when set;
 * - otherwise a pair is made on first start and kept in site_settings, its private key sealed with
 *   the data key (app/utils/private-text.server.ts), so a database dump alone does not hold it.
 * Changing the pair ends every device's subscription (members turn notifications on again).
 * HARBOR_VAPID_SUBJECT is the contact push services see: mailto:… or https://… (default: the
 * MAIL_FROM address).
 */
import webpush from "web-push";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { harborEnv } from "../../utils/env.server";
import { nowIso } from "../../utils/clock.server";
import { needsResealing, openText, sealText } from "../../utils/private-text.server";

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const SETTING = "push_vapid_keys";
/** The "owner" the sealed private key is bound to (see sealText): not a member's id. */
const SEAL_OWNER = "site:push-vapid";
let cached: Promise<VapidKeys> | null = null;

/** mailto:<the MAIL_FROM address>, unless HARBOR_VAPID_SUBJECT says otherwise. */
export function vapidSubject(env = harborEnv()): string {
  if (env.HARBOR_VAPID_SUBJECT) return env.HARBOR_VAPID_SUBJECT;
  const address = /<([^>\s]+@[^>\s]+)>/.exec(env.MAIL_FROM ?? "")?.[1] ?? (env.MAIL_FROM?.includes("@") ? env.MAIL_FROM.trim() : "no-reply@harbor.localhost");
  return `mailto:${address}`;
}

async function storedKeys(db: Kysely<Database>): Promise<{ publicKey: string; privateKey: string }> {
  const read = async () => {
    const row = await db.selectFrom("site_settings").select("value").where("key", "=", SETTING).executeTakeFirst();
    if (!row) return null;
    const value = JSON.parse(row.value) as { publicKey: string; sealedPrivateKey: string };
    return { publicKey: value.publicKey, privateKey: openText(value.sealedPrivateKey, SEAL_OWNER) };
  };
  const existing = await read();
  if (existing) return existing;
  const fresh = webpush.generateVAPIDKeys();
  await db
    .insertInto("site_settings")
    .values({
      key: SETTING,
      value: JSON.stringify({ publicKey: fresh.publicKey, sealedPrivateKey: sealText(fresh.privateKey, SEAL_OWNER) }),
      updated_at: nowIso(),
      updated_by: null,
    })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  // Another server may have made a pair first: everyone uses whichever is stored.
  return (await read())!;
}

/** The site's key pair and subject (read once per process). */
export function vapidKeys(db: Kysely<Database>): Promise<VapidKeys> {
  cached ??= (async () => {
    const env = harborEnv();
    const subject = vapidSubject(env);
    if (!env.HARBOR_VAPID_PUBLIC_KEY !== !env.HARBOR_VAPID_PRIVATE_KEY)
      throw new Error("HARBOR_VAPID_PUBLIC_KEY and HARBOR_VAPID_PRIVATE_KEY go together: set both (one key pair), or neither (Harbor makes a pair and keeps it).");
    if (env.HARBOR_VAPID_PUBLIC_KEY && env.HARBOR_VAPID_PRIVATE_KEY) return { publicKey: env.HARBOR_VAPID_PUBLIC_KEY, privateKey: env.HARBOR_VAPID_PRIVATE_KEY, subject };
    return { ...(await storedKeys(db)), subject };
  })();
  cached.catch(() => (cached = null));
  return cached;
}

/**
 * Key rotation (`npm run db:rotate-key`): the stored private key re-sealed with the current data
 * key, so the pair (and every device's subscription) survives dropping the old key. Returns 1 when
 * it re-sealed, 0 when there was nothing to do.
 */
export async function resealVapidKey(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", SETTING).executeTakeFirst();
  if (!row) return 0;
  const value = JSON.parse(row.value) as { publicKey: string; sealedPrivateKey: string };
  if (!needsResealing(value.sealedPrivateKey)) return 0;
  const sealedPrivateKey = sealText(openText(value.sealedPrivateKey, SEAL_OWNER), SEAL_OWNER);
  await db
    .updateTable("site_settings")
    .set({ value: JSON.stringify({ ...value, sealedPrivateKey }), updated_at: nowIso() })
    .where("key", "=", SETTING)
    .execute();
  return 1;
}

/** For tests: forget the keys read (after switching databases or the environment). */
export function forgetVapidKeys(): void {
  cached = null;
}
