/**
 * Moderation: reports and the review queue, what moderators do about them (dismiss, hide, delete,
 * warn, mute, ban, suspend), thread tools, post approval, and the audit log that records every
 * moderator and admin action. Everything a moderator does runs in one transaction with its audit
 * entry and the notifications it causes.
 *
 * Scope: group moderators act within their groups; site admins everywhere. Reports on a member
 * made outside any group (from their profile) reach admins only. Nothing here reads members'
 * private recovery data: only posts, threads, reports, sanctions and the audit log.
 *
 * The code lives in app/models/moderation/, one file per part; this module is its one entrance:
 *   settings.server.ts      report reasons, site and group moderation settings
 *   scope.server.ts         who moderates what; the header's Moderation link
 *   queue.server.ts         reports, Harbor's own flags, the queue, the review page's context
 *   actions.server.ts       moderate(): the table of actions (permission, effect, audit entry); approvePost
 *   sanctions.server.ts     mutes, bans, suspensions: applied, lifted, enforced
 *   thread-tools.server.ts  pin, lock, slow mode, move
 *   audit.server.ts         the append-only audit log
 *   admin.server.ts         the dashboard, finding members, moderators, deleting accounts
 */
export { AUDIT_ACTIONS, REPORT_REASON_KEYS, REPORT_REASONS } from "../utils/moderation-labels";
export * from "./moderation/error.server";
export * from "./moderation/settings.server";
export * from "./moderation/scope.server";
export * from "./moderation/audit.server";
export * from "./moderation/queue.server";
export * from "./moderation/sanctions.server";
export * from "./moderation/actions.server";
export * from "./moderation/thread-tools.server";
export * from "./moderation/admin.server";
