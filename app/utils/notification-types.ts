/**
 * The kinds of notification, as members see them on the preferences page, with their defaults.
 * Browser-safe (no server imports): the settings page renders from this.
 */
import type { Delivery } from "../../db/schema/notifications";
import type { NotificationType } from "../models/notify.server";

export type { Delivery };

export const DELIVERIES: Record<Delivery, string> = {
  in_app: "In Harbor only",
  email: "E-mail me right away",
  digest: "Daily e-mail digest",
  off: "Off",
};

export function isDelivery(value: unknown): value is Delivery {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(DELIVERIES, value);
}

export interface TypeInfo {
  label: string;
  hint: string;
  defaultDelivery: Delivery;
  /** Safety notices (a moderator's warning, a sanction) always show in Harbor. */
  canTurnOff: boolean;
  /** Whether this kind reveals board content (access is checked when it is sent and shown). */
  boardContent: boolean;
  /** Where it sits on the preferences page. */
  section: NotificationSection;
}

export const SECTIONS = {
  conversations: "Conversations",
  groups: "Groups and moderation",
  meetings: "Meetings",
  recovery: "Your recovery",
  circle: "Support circle",
} as const;
export type NotificationSection = keyof typeof SECTIONS;

export const NOTIFICATION_TYPES: Record<NotificationType, TypeInfo> = {
  reply: { label: "Replies", hint: "Someone replied in a thread you started.", defaultDelivery: "email", canTurnOff: true, boardContent: true, section: "conversations" },
  message: {
    label: "Private messages",
    hint: "Someone wrote to you in a conversation (the e-mail never includes what they wrote).",
    defaultDelivery: "email",
    canTurnOff: true,
    boardContent: false,
    section: "conversations",
  },
  quote: { label: "Quotes", hint: "Someone quoted one of your posts.", defaultDelivery: "in_app", canTurnOff: true, boardContent: true, section: "conversations" },
  mention: {
    label: "Mentions",
    hint: "Someone wrote @your name in a group you both belong to.",
    defaultDelivery: "email",
    canTurnOff: true,
    boardContent: true,
    section: "conversations",
  },
  reaction: {
    label: "Reactions",
    hint: "Members reacted to your post (several reactions count as one notification).",
    defaultDelivery: "in_app",
    canTurnOff: true,
    boardContent: true,
    section: "conversations",
  },
  join_request_decision: {
    label: "Join requests",
    hint: "A moderator answered your request to join a group.",
    defaultDelivery: "email",
    canTurnOff: true,
    boardContent: false,
    section: "groups",
  },
  moderator_warning: {
    label: "Moderator messages",
    hint: "A moderator wrote to you privately.",
    defaultDelivery: "email",
    canTurnOff: false,
    boardContent: false,
    section: "groups",
  },
  report_outcome: { label: "Your reports", hint: "A report you made was handled.", defaultDelivery: "in_app", canTurnOff: true, boardContent: false, section: "groups" },
  post_approved: {
    label: "Posts approved",
    hint: "A post of yours that waited for approval is published.",
    defaultDelivery: "in_app",
    canTurnOff: true,
    boardContent: true,
    section: "groups",
  },
  post_hidden: { label: "Posts hidden", hint: "A moderator hid a post of yours.", defaultDelivery: "email", canTurnOff: false, boardContent: false, section: "groups" },
  sanction: {
    label: "Account restrictions",
    hint: "You were muted or suspended, or a restriction ended.",
    defaultDelivery: "email",
    canTurnOff: false,
    boardContent: false,
    section: "groups",
  },
  meeting_reminder: {
    label: "Meeting reminders",
    hint: "A meeting you said you'd attend starts soon.",
    defaultDelivery: "email",
    canTurnOff: true,
    boardContent: false,
    section: "meetings",
  },
  meeting_change: {
    label: "Meeting changes",
    hint: "A meeting you said you'd attend was moved or cancelled.",
    defaultDelivery: "email",
    canTurnOff: true,
    boardContent: false,
    section: "meetings",
  },
  milestone: {
    label: "Milestones",
    hint: "You reached a milestone. Private: only you see it.",
    defaultDelivery: "in_app",
    canTurnOff: true,
    boardContent: false,
    section: "recovery",
  },
  circle_invite: {
    label: "Circle invitations",
    hint: "A member invited you into their support circle.",
    defaultDelivery: "email",
    canTurnOff: true,
    boardContent: false,
    section: "circle",
  },
  circle_update: {
    label: "Circle changes",
    hint: "Someone accepted your invitation or left your circle, or a member stopped sharing with you.",
    defaultDelivery: "in_app",
    canTurnOff: true,
    boardContent: false,
    section: "circle",
  },
  circle_encouragement: {
    label: "Encouragement",
    hint: "Someone in your support circle sent you encouragement.",
    defaultDelivery: "in_app",
    canTurnOff: true,
    boardContent: false,
    section: "circle",
  },
  circle_reach_out: {
    label: "Reach-outs (urgent)",
    hint: "A member you support would like to hear from you. Always shown in Harbor.",
    defaultDelivery: "email",
    canTurnOff: false,
    boardContent: false,
    section: "circle",
  },
  circle_check_on: {
    label: "Check on me",
    hint: "A member asked you to check on them, and one of their own signals came up.",
    defaultDelivery: "email",
    canTurnOff: true,
    boardContent: false,
    section: "circle",
  },
};

export const TYPE_ORDER = Object.keys(NOTIFICATION_TYPES) as NotificationType[];

export function isNotificationType(value: unknown): value is NotificationType {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(NOTIFICATION_TYPES, value);
}

/** The deliveries a member may choose for this type. */
export function deliveriesFor(type: NotificationType): Delivery[] {
  return (Object.keys(DELIVERIES) as Delivery[]).filter((d) => d !== "off" || NOTIFICATION_TYPES[type].canTurnOff);
}

/** Kinds whose notifications reveal board content: shown only while the member can still read it. */
export const BOARD_CONTENT_TYPES = TYPE_ORDER.filter((t) => NOTIFICATION_TYPES[t].boardContent);

/** The reminder times a member can choose, in minutes before the meeting. */
export const REMINDER_CHOICES = [
  { minutes: 60, label: "1 hour before" },
  { minutes: 1440, label: "1 day before" },
] as const;
export const DEFAULT_REMINDER_MINUTES = [60];
