/** What the site header needs from the notifications area for a signed-in member (one cheap query at most). */
export async function notificationsNav(_userId: string): Promise<{ unread: number }> {
  return { unread: 0 };
}
