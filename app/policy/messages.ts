/**
 * Private messages: who may start a conversation with whom, who may read one, who may report a
 * message in it. Moderators and admins have no way into a conversation they are not part of: the
 * review queue gets only the excerpt a participant's report carries (app/models/messages/).
 *
 * The answers are sentences for the sender. A block and the recipient's own choice read the same
 * ("… can't receive messages from you"), so a blocked member never learns of the block.
 */
import type { MessagesFrom } from "../../db/schema/messages";

export const MESSAGES_FROM: Record<MessagesFrom, string> = {
  anyone: "Any member",
  groups: "Members of groups I'm in",
  circle: "My support circle: people in my circle, and members whose circle I'm in",
  nobody: "Nobody",
};

export function isMessagesFrom(value: unknown): value is MessagesFrom {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(MESSAGES_FROM, value);
}

/** What the sender's side of the question knows about one recipient. */
export interface RecipientFacts {
  id: string;
  displayName: string;
  messagesFrom: MessagesFrom;
  /** The recipient blocked the sender. */
  blockedSender: boolean;
  /** The sender blocked the recipient. */
  blockedBySender: boolean;
  /** They share at least one group. */
  sharesGroup: boolean;
  /** The two are linked by a support circle, either way: the sender is in the recipient's circle, or the recipient in the sender's. */
  inCircle: boolean;
  /** Suspended site-wide. */
  suspended: boolean;
}

export const SELF_MESSAGE_REFUSAL = "You can't start a conversation with yourself. Your journal is a private place to write (My recovery → Journal).";

/** Null when the sender may include this member in a conversation; otherwise the sentence to show. */
export function recipientRefusal(senderId: string, r: RecipientFacts): string | null {
  if (r.id === senderId) return SELF_MESSAGE_REFUSAL;
  if (r.blockedBySender) return `You blocked ${r.displayName}. To message them, unblock them first (Settings → Blocked members).`;
  const cannot = `${r.displayName} can't receive messages from you. Members choose who may message them.`;
  if (r.blockedSender) return cannot;
  if (r.suspended) return `${r.displayName} can't receive messages right now.`;
  switch (r.messagesFrom) {
    case "anyone":
      return null;
    case "groups":
      return r.sharesGroup ? null : cannot;
    case "circle":
      return r.inCircle ? null : cannot;
    case "nobody":
      return cannot;
  }
}

/** A conversation exists for its participants only (everyone else, moderators and admins too: 404). */
export function mayReadConversation(viewerId: string | null, participantIds: readonly string[]): boolean {
  return viewerId !== null && participantIds.includes(viewerId);
}

/**
 * May a participant write in it now? Not when someone in it blocked them or they blocked someone
 * (in a one-to-one conversation; in a group the blocked pair can each leave). Null: yes.
 */
export function replyRefusal(others: readonly { displayName: string; blocked: "by_viewer" | "viewer" | null }[]): string | null {
  if (others.length === 0) return "Everyone else has left this conversation.";
  if (others.length === 1) {
    const [other] = others;
    if (other!.blocked === "by_viewer") return `You blocked ${other!.displayName}. Unblock them to write here again (Settings → Blocked members).`;
    if (other!.blocked === "viewer") return `${other!.displayName} can't receive messages from you.`;
  }
  return null;
}

/** A participant reports someone else's message in their own conversation, not one already removed. */
export function mayReportMessage(viewerId: string, message: { author_id: string | null; removed_at: string | null }, isParticipant: boolean): boolean {
  return isParticipant && message.removed_at === null && message.author_id !== null && message.author_id !== viewerId;
}
