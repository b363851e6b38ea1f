import { getDb } from "../../utils/db.server";
import { unreadCount } from "../notifications.server";

/** What the site header needs from the notifications area for a signed-in member (one cheap query at most). */
export async function notificationsNav(userId: string): Promise<{ unread: number }> {
  return { unread: await unreadCount(getDb(), userId) };
}
