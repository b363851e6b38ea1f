/** Words of the moderation area that pages show (shared by the server and the browser build). */

export const REPORT_REASONS = {
  crisis: "Someone may be in crisis or at risk of harm",
  harassment: "Harassment or shaming",
  sourcing: "Drug sourcing or selling",
  medical: "Dangerous medical advice (e.g. a self-directed taper)",
  spam: "Spam",
  guidelines: "Breaks the group's guidelines",
  other: "Something else (please say what)",
} as const;
export const REPORT_REASON_KEYS = Object.keys(REPORT_REASONS) as (keyof typeof REPORT_REASONS)[];
export const AUDIT_ACTIONS: Record<string, string> = {
  "report.dismiss": "Dismissed reports",
  "post.hide": "Hid a post",
  "post.unhide": "Unhid a post",
  "post.auto_hide": "Post hidden by reports",
  "post.delete": "Deleted a post",
  "post.approve": "Approved a post",
  "post.reject": "Rejected a held post",
  "member.warn": "Warned a member",
  "member.mute": "Muted a member",
  "member.ban": "Banned from a group",
  "member.suspend": "Suspended an account",
  "sanction.lift": "Lifted a sanction",
  "thread.pin": "Pinned a thread",
  "thread.unpin": "Unpinned a thread",
  "thread.lock": "Locked a thread",
  "thread.unlock": "Unlocked a thread",
  "thread.move": "Moved a thread",
  "thread.slow_mode": "Changed slow mode",
  "thread.hide": "Hid a thread",
  "thread.unhide": "Unhid a thread",
  "watched_word.add": "Added a watched word",
  "watched_word.remove": "Removed a watched word",
  "settings.moderation": "Changed moderation settings",
  "group.approval_settings": "Changed post approval",
  "member.delete": "Deleted an account",
};
