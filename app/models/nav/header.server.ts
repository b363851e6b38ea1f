/**
 * What the site header shows a signed-in member besides their name: the Moderation link with its
 * open items (moderation area) and the bell's unread count (notifications area) — one query for
 * every page, both figures as scalar subqueries.
 */
import { getDb } from "../../utils/db.server";
import { moderatedGroupsCountQuery, openItemsCountQuery } from "../moderation.server";
import { unreadCountQuery } from "../notifications.server";

export interface HeaderCounts {
  showModeration: boolean;
  openReports: number;
  unreadNotifications: number;
}

export async function headerCounts(userId: string, isAdmin: boolean): Promise<HeaderCounts> {
  const db = getDb();
  const row = await db
    .selectNoFrom([
      unreadCountQuery(db, userId).as("unread"),
      openItemsCountQuery(db, userId, isAdmin).as("open"),
      moderatedGroupsCountQuery(db, userId).as("moderates"),
    ])
    .executeTakeFirst();
  return {
    showModeration: isAdmin || Number(row?.moderates ?? 0) > 0,
    openReports: Number(row?.open ?? 0),
    unreadNotifications: Number(row?.unread ?? 0),
  };
}
