/**
 * A member's notification settings: how each kind reaches them (in Harbor, by e-mail, in the daily
 * digest, or not at all), the unsubscribe link's "stop e-mails", and when meeting reminders come.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Delivery } from "../../db/schema/notifications";
import { inTransaction } from "../../db/client";
import { now as clockNow } from "../utils/clock.server";
import { DEFAULT_REMINDER_MINUTES, deliveriesFor, isDelivery, NOTIFICATION_TYPES, REMINDER_CHOICES, TYPE_ORDER } from "../utils/notification-types";
import type { NotificationType } from "./notify.server";

// ---------------------------------------------------------------------------------------------
// Preferences

export type Preferences = Record<NotificationType, Delivery>;

export async function getPreferences(db: Kysely<Database>, userId: string): Promise<Preferences> {
  const rows = await db.selectFrom("notification_preferences").select(["type", "delivery"]).where("user_id", "=", userId).execute();
  const prefs = Object.fromEntries(TYPE_ORDER.map((t) => [t, NOTIFICATION_TYPES[t].defaultDelivery])) as Preferences;
  for (const row of rows) {
    const type = row.type as NotificationType;
    if (type in prefs && isDelivery(row.delivery) && deliveriesFor(type).includes(row.delivery)) prefs[type] = row.delivery;
  }
  return prefs;
}

export class PreferenceError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Saves the given choices (all checked first: a bad one saves nothing). */
export async function savePreferences(db: Kysely<Database>, userId: string, choices: Partial<Record<string, unknown>>, now = clockNow()): Promise<void> {
  const valid: [NotificationType, Delivery][] = [];
  for (const [type, delivery] of Object.entries(choices)) {
    if (!(type in NOTIFICATION_TYPES)) throw new PreferenceError(type, "That isn't a kind of notification Harbor sends.");
    const t = type as NotificationType;
    if (!isDelivery(delivery) || !deliveriesFor(t).includes(delivery))
      throw new PreferenceError(type, `Choose one of the options for ${NOTIFICATION_TYPES[t].label.toLowerCase()}.`);
    valid.push([t, delivery]);
  }
  const iso = now.toISOString();
  await inTransaction(db, async (tx) => {
    for (const [type, delivery] of valid) {
      await tx
        .insertInto("notification_preferences")
        .values({ user_id: userId, type, delivery, updated_at: iso })
        .onConflict((oc) => oc.columns(["user_id", "type"]).doUpdateSet({ delivery, updated_at: iso }))
        .execute();
    }
  });
}

/** Used by the unsubscribe link: e-mail for this type (or every type) stops; notifications stay in Harbor. */
export async function stopEmails(db: Kysely<Database>, userId: string, scope: NotificationType | "all", now = clockNow()): Promise<void> {
  const current = await getPreferences(db, userId);
  const types = scope === "all" ? TYPE_ORDER : [scope];
  const changes: Record<string, Delivery> = {};
  for (const type of types) if (current[type] === "email" || current[type] === "digest") changes[type] = "in_app";
  await savePreferences(db, userId, changes, now);
}

// ---------------------------------------------------------------------------------------------
// Meeting reminder timing

export { DEFAULT_REMINDER_MINUTES, REMINDER_CHOICES } from "../utils/notification-types";

/** The reminder times stored for a member (none stored: the default ones). */
export function reminderMinutesOf(raw: string | null | undefined): number[] {
  if (raw === null || raw === undefined) return DEFAULT_REMINDER_MINUTES;
  return raw
    .split(",")
    .map(Number)
    .filter((m) => REMINDER_CHOICES.some((c) => c.minutes === m));
}

export async function getReminderMinutes(db: Kysely<Database>, userId: string): Promise<number[]> {
  const row = await db.selectFrom("notification_user_settings").select("reminder_minutes").where("user_id", "=", userId).executeTakeFirst();
  return reminderMinutesOf(row?.reminder_minutes);
}

export async function saveReminderMinutes(db: Kysely<Database>, userId: string, minutes: number[], now = clockNow()): Promise<void> {
  const value = [...new Set(minutes)]
    .filter((m) => REMINDER_CHOICES.some((c) => c.minutes === m))
    .sort((a, b) => a - b)
    .join(",");
  const iso = now.toISOString();
  await db
    .insertInto("notification_user_settings")
    .values({ user_id: userId, reminder_minutes: value, last_digest_day: null, updated_at: iso })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ reminder_minutes: value, updated_at: iso }))
    .execute();
}
