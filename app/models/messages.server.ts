/**
 * Private messages (issue 26): conversations of up to eight people with safeguards, and reports
 * that carry only an excerpt to the moderators. The code lives in app/models/messages/:
 *   settings.server.ts       the site's safeguards (site settings with defaults)
 *   safeguards.server.ts     what a message passes before it is stored; who may be messaged
 *   conversations.server.ts  starting, writing, reading, leaving; unread; deletion and export
 *   reports.server.ts        reporting a message with its excerpt; the excerpt on the review page
 * Who may do what is asked of app/policy/messages.ts and app/policy/blocks.ts.
 */
export * from "./messages/settings.server";
export * from "./messages/safeguards.server";
export * from "./messages/conversations.server";
export * from "./messages/reports.server";
