/**
 * What the site header shows a signed-in member besides their name: the Moderation link with its
 * open items (moderation area) and the bell's unread count (notifications area) — one query for
 * every page, both figures as scalar subqueries.
 */
import { prepared } from "../../../db/prepared";
import { getDb } from "../../utils/db.server";
import { moderatedGroupsCountQuery, openItemsCountQuery } from "../moderation.server";
import { unreadCountQuery } from "../notifications.server";
import { unreadConversationsQuery } from "../messages/conversations.server";

export interface HeaderCounts {
  showModeration: boolean;
  openReports: number;
  unreadNotifications: number;
  /** Conversations with a message the member hasn't read. */
  unreadConversations: number;
}

// Every signed-in page runs this: prepared (db/prepared.ts), for members and for admins.
function countsQuery(isAdmin: boolean) {
  return prepared((db, p: { userId: string }) =>
    db.selectNoFrom([
      unreadCountQuery(db, p.userId).as("unread"),
      openItemsCountQuery(db, p.userId, isAdmin).as("open"),
      moderatedGroupsCountQuery(db, p.userId).as("moderates"),
      unreadConversationsQuery(db, p.userId).as("conversations"),
    ]),
  );
}
const memberCounts = countsQuery(false);
const adminCounts = countsQuery(true);

export async function headerCounts(userId: string, isAdmin: boolean): Promise<HeaderCounts> {
  const [row] = await (isAdmin ? adminCounts : memberCounts)(getDb(), { userId });
  return {
    showModeration: isAdmin || Number(row?.moderates ?? 0) > 0,
    openReports: Number(row?.open ?? 0),
    unreadNotifications: Number(row?.unread ?? 0),
    unreadConversations: Number(row?.conversations ?? 0),
  };
}
