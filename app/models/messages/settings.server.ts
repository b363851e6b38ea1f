/**
 * The site's safeguards for private messages, each a site setting with a default (an admin changes
 * them under Admin → Private messages, `/admin/messages`). A "new account" is the trust limits'
 * notion (posting rules).
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { inTransaction } from "../../../db/client";
import { now as clockNow } from "../../utils/clock.server";
import { recordAudit } from "../moderation.server";

export interface MessageSettings {
  /** New accounts may start conversations (Discourse's TL0 can't: off by default). They may always answer one. */
  newAccountsMayStart: boolean;
  /** People in one conversation, the starter included. */
  maxParticipants: number;
  /** Links a new account may put in one message. */
  newMaxLinks: number;
  /** Whether a new account may put images (shown as links) in a message. */
  newMayPostImages: boolean;
  /** Messages per hour, new accounts and the others. */
  newMessagesPerHour: number;
  messagesPerHour: number;
  /** Conversations a member may start in a day. */
  conversationsPerDay: number;
  /** How many messages before the reported one a report carries to the moderators. */
  reportContext: number;
}

export const DEFAULT_MESSAGE_SETTINGS: MessageSettings = {
  newAccountsMayStart: false,
  maxParticipants: 8,
  newMaxLinks: 0,
  newMayPostImages: false,
  newMessagesPerHour: 10,
  messagesPerHour: 60,
  conversationsPerDay: 10,
  reportContext: 3,
};

const KEY = "messages";

export async function getMessageSettings(db: Kysely<Database>): Promise<MessageSettings> {
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", KEY).executeTakeFirst();
  if (!row) return DEFAULT_MESSAGE_SETTINGS;
  try {
    const parsed = JSON.parse(row.value) as Partial<MessageSettings>;
    const merged = { ...DEFAULT_MESSAGE_SETTINGS };
    for (const key of Object.keys(DEFAULT_MESSAGE_SETTINGS) as (keyof MessageSettings)[]) {
      if (typeof parsed[key] === typeof DEFAULT_MESSAGE_SETTINGS[key]) (merged as Record<string, unknown>)[key] = parsed[key];
    }
    return merged;
  } catch {
    return DEFAULT_MESSAGE_SETTINGS;
  }
}

export async function saveMessageSettings(db: Kysely<Database>, settings: MessageSettings, adminId: string | null, now = clockNow()): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await getMessageSettings(tx);
    const values = { value: JSON.stringify(settings), updated_at: now.toISOString(), updated_by: adminId };
    await tx
      .insertInto("site_settings")
      .values({ key: KEY, ...values })
      .onConflict((oc) => oc.column("key").doUpdateSet(values))
      .execute();
    await recordAudit(tx, { actorId: adminId, action: "settings.messages", before, after: settings }, now);
  });
}
