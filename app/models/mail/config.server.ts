/**
 * How Harbor sends e-mail, from the environment:
 * - SMTP_HOST (with SMTP_PORT, SMTP_SECURE, SMTP_USER, SMTP_PASSWORD): a real SMTP server;
 * - without SMTP_HOST: each message is written as an .eml file to HARBOR_MAIL_DIR (default data/mail),
 *   so a newcomer can open it in any mail program or text editor.
 * MAIL_FROM is the sender ("Harbor <no-reply@harbor.example.org>"). Links in e-mails start with
 * HARBOR_ORIGIN (default http://localhost:<PORT>).
 */
import { harborEnv, parseEnv } from "../../utils/env.server";

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
}

export interface MailConfig {
  smtp: SmtpSettings | null;
  mailDir: string;
  from: string;
  baseUrl: string;
  /** How often the in-process worker looks at the outbox (HARBOR_MAIL_INTERVAL_MS, default 5 s). */
  intervalMs: number;
  /** HARBOR_MAIL_WORKER=off: this process does not send (a separate `npm run mail:worker` does). */
  inProcessWorker: boolean;
}

/** From the environment (process.env by default; tests pass their own), checked by the one schema. */
export function getMailConfig(source: Record<string, string | undefined> = process.env): MailConfig {
  const env = source === process.env ? harborEnv() : parseEnv(source);
  return {
    smtp: env.SMTP_HOST
      ? { host: env.SMTP_HOST, port: env.SMTP_PORT ?? (env.SMTP_SECURE ? 465 : 587), secure: env.SMTP_SECURE, user: env.SMTP_USER ?? null, password: env.SMTP_PASSWORD ?? null }
      : null,
    mailDir: env.HARBOR_MAIL_DIR ?? "data/mail",
    from: env.MAIL_FROM ?? "Harbor <no-reply@harbor.localhost>",
    baseUrl: (env.HARBOR_ORIGIN ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    intervalMs: env.HARBOR_MAIL_INTERVAL_MS,
    inProcessWorker: env.HARBOR_MAIL_WORKER,
  };
}

/** An absolute link to a Harbor page for an e-mail. */
export function absoluteUrl(path: string, config: MailConfig = getMailConfig()): string {
  return `${config.baseUrl}${path.startsWith("/") ? path : `/${path}`}`;
}
