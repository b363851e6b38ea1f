import type { Kysely } from "kysely";
import type { Database } from "../schema";
import type { SeedContext } from "./context";
import { saveReminderMinutes, savePreferences } from "../../app/models/notification-settings.server";

/**
 * Demo data of the notifications area; idempotent (running the seed twice adds nothing). The
 * boards' demo replies and reactions already made notifications (and queued their e-mails, which
 * the server writes to data/mail when it starts). Here: the demo addresses count as confirmed,
 * Riley reads replies and mentions in a daily digest, Sam is reminded a day and an hour before meetings.
 */
export async function seedNotifications(db: Kysely<Database>, ctx: SeedContext): Promise<void> {
  const now = new Date().toISOString();
  let confirmed = 0;
  for (const [email, userId] of ctx.userIds) {
    const result = await db
      .insertInto("email_verifications")
      .values({ user_id: userId, email, verified_at: now })
      .onConflict((oc) => oc.column("user_id").doNothing())
      .executeTakeFirst();
    confirmed += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  const riley = ctx.userIds.get("riley@harbor.test");
  const sam = ctx.userIds.get("sam@harbor.test");
  const hasSettings = sam ? await db.selectFrom("notification_user_settings").select("user_id").where("user_id", "=", sam).executeTakeFirst() : undefined;
  if (riley && !hasSettings) await savePreferences(db, riley, { reply: "digest", mention: "digest" });
  if (sam && !hasSettings) await saveReminderMinutes(db, sam, [60, 1440]);
  if (confirmed > 0 || !hasSettings)
    ctx.created.push("notification settings (demo addresses confirmed; Riley gets a daily digest; Sam's meeting reminders a day and an hour before)");
}
