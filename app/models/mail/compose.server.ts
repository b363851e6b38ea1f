/**
 * What Harbor's e-mails say. The envelope is private by design: subjects never carry recovery
 * content or the names of private or hidden groups, and bodies link back to Harbor instead of
 * quoting what was written. A site setting (fuller public-group e-mails) lets subjects and bodies
 * name the thread and group when the group is public.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import type { NotificationType } from "../notify.server";
import { absoluteUrl } from "./config.server";
import { sign, verifySignature } from "./signing.server";
import { escapeHtml } from "../../utils/html.server";
import { getSiteConfig } from "../site-config.server";

export interface MailContent {
  /** The site's name as its admin set it (site settings): the mail's heading and its voice. */
  site: string;
  subject: string;
  greeting?: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** The unsubscribe link, shown at the foot of the mail. */
  unsubscribeUrl?: string;
  footnote?: string;
}

/** Plain text and simple, readable HTML of one message. */
export function renderMail(content: MailContent): { text: string; html: string } {
  const text = [
    content.greeting,
    ...content.paragraphs,
    content.action ? `${content.action.label}: ${content.action.url}` : undefined,
    content.footnote,
    "—",
    `${content.site} is a peer community, not a crisis service. If you are in danger, call your local emergency number.`,
    content.unsubscribeUrl ? `Stop these e-mails: ${content.unsubscribeUrl}` : undefined,
  ]
    .filter(Boolean)
    .join("\n\n");
  const p = (s: string) => `<p style="margin:0 0 16px">${escapeHtml(s)}</p>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f7f4ef;color:#2b2a28;font-family:Georgia,serif;font-size:17px;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:12px;padding:28px">
<p style="margin:0 0 20px;font-weight:bold;color:#2f5d62">${escapeHtml(content.site)}</p>
${content.greeting ? p(content.greeting) : ""}${content.paragraphs.map(p).join("")}
${content.action ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#2f5d62;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>` : ""}
${content.footnote ? p(content.footnote) : ""}
<p style="margin:24px 0 0;font-size:14px;color:#5c5a55">${escapeHtml(content.site)} is a peer community, not a crisis service. If you are in danger, call your local emergency number.</p>
${content.unsubscribeUrl ? `<p style="margin:8px 0 0;font-size:14px"><a href="${escapeHtml(content.unsubscribeUrl)}" style="color:#5c5a55">Stop these e-mails</a></p>` : ""}
</div></body></html>`;
  return { text, html };
}

// ---------------------------------------------------------------------------------------------
// One-click unsubscribe (RFC 8058): signed links, no sign-in needed.

export type UnsubscribeScope = NotificationType | "all";

function unsubscribePayload(userId: string, scope: UnsubscribeScope): string {
  return `unsubscribe:${userId}:${scope}`;
}

export async function unsubscribeUrl(db: Kysely<Database>, userId: string, scope: UnsubscribeScope): Promise<string> {
  const signature = await sign(db, unsubscribePayload(userId, scope));
  return absoluteUrl(`/unsubscribe?${new URLSearchParams({ u: userId, t: scope, s: signature }).toString()}`);
}

export async function verifyUnsubscribe(db: Kysely<Database>, userId: string, scope: string, signature: string): Promise<boolean> {
  return verifySignature(db, unsubscribePayload(userId, scope as UnsubscribeScope), signature);
}

export function unsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

// ---------------------------------------------------------------------------------------------
// Notification e-mails.

const MAIL_DETAIL_KEY = "mail_public_group_detail";

/** Whether e-mails about public groups may name the group and thread (site setting; off by default). */
export async function getPublicMailDetail(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", MAIL_DETAIL_KEY).executeTakeFirst();
  return row?.value === "true";
}

const VERIFIED_TO_POST_KEY = "require_verified_email_to_post";

/** Whether members must confirm their e-mail address before they post (site setting; off by default). */
export async function getRequireVerifiedToPost(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("site_settings").select("value").where("key", "=", VERIFIED_TO_POST_KEY).executeTakeFirst();
  return row?.value === "true";
}

export async function saveMailSettings(
  db: Kysely<Database>,
  settings: { publicGroupDetail: boolean; requireVerifiedToPost: boolean },
  adminId: string,
  now: string,
): Promise<void> {
  for (const [key, on] of [
    [MAIL_DETAIL_KEY, settings.publicGroupDetail],
    [VERIFIED_TO_POST_KEY, settings.requireVerifiedToPost],
  ] as const) {
    const values = { value: on ? "true" : "false", updated_at: now, updated_by: adminId };
    await db
      .insertInto("site_settings")
      .values({ key, ...values })
      .onConflict((oc) => oc.column("key").doUpdateSet(values))
      .execute();
  }
}

// "{site}" is the site's name.
const GENERIC_SUBJECTS: Record<NotificationType, string> = {
  reply: "You have a new reply on {site}",
  quote: "Someone quoted you on {site}",
  mention: "You were mentioned on {site}",
  reaction: "Someone reacted to your post on {site}",
  join_request_decision: "An answer to your request to join a group on {site}",
  moderator_warning: "A message from a {site} moderator",
  report_outcome: "An update on a report you made on {site}",
  post_approved: "Your post is published on {site}",
  post_hidden: "A moderator hid one of your posts on {site}",
  sanction: "An update about your {site} account",
  meeting_reminder: "Reminder: a meeting you're going to starts soon",
  meeting_change: "A meeting you're going to has changed",
  milestone: "You have a new notification on {site}",
  circle_invite: "{actor} invited you into their support circle on {site}",
  circle_update: "A change in a support circle on {site}",
  circle_encouragement: "Encouragement for you on {site}",
  circle_reach_out: "{actor} would like to hear from you",
  circle_check_on: "{actor} asked you to check on them",
  message: "You have a new private message on {site}",
};

/**
 * The general sentence for a kind of notification ("You have a new reply on Harbor"): e-mail subjects
 * and push messages. Only the support circle's kinds name someone — the member who chose that person
 * ("Sam R. would like to hear from you") — and never say why.
 */
export function genericSubject(type: NotificationType, site: string, actorName?: string | null): string {
  return GENERIC_SUBJECTS[type].replace("{site}", site).replace("{actor}", actorName ?? "Someone");
}

const GENERIC_BODIES: Record<NotificationType, string> = {
  reply: "Someone replied in a thread you started.",
  quote: "Someone quoted one of your posts.",
  mention: "Someone mentioned you in a group you belong to.",
  reaction: "Members reacted to one of your posts.",
  join_request_decision: "A moderator answered your request to join a group.",
  moderator_warning: "A moderator sent you a private message.",
  report_outcome: "A report you made has been reviewed. Thank you for looking out for the community.",
  post_approved: "A post of yours that was waiting for approval is now published.",
  post_hidden: "A moderator hid one of your posts.",
  sanction: "There is an update about your account.",
  meeting_reminder: "A meeting you said you'd attend starts soon.",
  meeting_change: "A meeting you said you'd attend was moved or cancelled.",
  milestone: "There is something new for you on {site}.",
  circle_invite: "{actor} would like you in their support circle. You can accept or decline on {site}.",
  circle_update: "There is a change in a support circle you are part of.",
  circle_encouragement: "Someone in your support circle sent you encouragement.",
  circle_reach_out: "{actor} would like to hear from you. Open {site} to see when they asked.",
  circle_check_on: "{actor} asked you to check on them when one of their own signals came up. Open {site} to see it.",
  message: "Someone wrote to you in a private conversation. Sign in to read it.",
};

export interface NotificationMailInput {
  notificationId: number;
  userId: string;
  displayName: string;
  type: NotificationType;
  /** Set only when the group is public and the site allows fuller e-mails. */
  publicDetail?: { groupName: string; threadTitle: string | null; actorName: string | null } | null;
  /** A line that may be shown (e.g. a meeting's local start time); never board or recovery content. */
  extra?: string | null;
  /** Who caused it: named only by the support circle's kinds. */
  actorName?: string | null;
}

export async function notificationMail(db: Kysely<Database>, input: NotificationMailInput) {
  const unsubscribe = await unsubscribeUrl(db, input.userId, input.type);
  const { siteName: site } = await getSiteConfig(db);
  let subject = genericSubject(input.type, site, input.actorName);
  let body = GENERIC_BODIES[input.type].replace("{site}", site).replace("{actor}", input.actorName ?? "Someone");
  const detail = input.publicDetail;
  if (detail) {
    const who = detail.actorName ?? "Someone";
    const where = detail.threadTitle ? `“${detail.threadTitle}” in ${detail.groupName}` : detail.groupName;
    const verb: Partial<Record<NotificationType, string>> = {
      reply: `${who} replied to ${where}`,
      quote: `${who} quoted you in ${where}`,
      mention: `${who} mentioned you in ${where}`,
      reaction: `${who} reacted to your post in ${where}`,
    };
    if (verb[input.type]) {
      subject = `${verb[input.type]!} · ${site}`;
      body = `${verb[input.type]!}.`;
    }
  }
  const content = renderMail({
    site,
    subject,
    greeting: `Hello ${input.displayName},`,
    paragraphs: [body, ...(input.extra ? [input.extra] : [])],
    action: { label: `Open it on ${site}`, url: absoluteUrl(`/notifications/${input.notificationId}`) },
    footnote: "You get this e-mail because of your notification settings. You can change them at any time in Settings → Notifications.",
    unsubscribeUrl: unsubscribe,
  });
  return { subject, ...content, headers: unsubscribeHeaders(unsubscribe) };
}
