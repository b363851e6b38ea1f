/** What the site header needs from the moderation area for a signed-in member (one cheap query at most). */
export async function moderationNav(_userId: string, isAdmin: boolean): Promise<{ showModeration: boolean; openReports: number }> {
  return { showModeration: isAdmin, openReports: 0 };
}
