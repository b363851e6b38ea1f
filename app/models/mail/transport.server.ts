/** Turns an outbox row into a real e-mail: over SMTP (nodemailer), or as an .eml file in the mail folder. */
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Transporter } from "nodemailer";
import { getMailConfig, type MailConfig } from "./config.server";
import { messageIdFor, type MailSender, type OutboxRow } from "./outbox.server";

function mailOptions(row: OutboxRow, config: MailConfig) {
  const headers = JSON.parse(row.headers) as Record<string, string>;
  return {
    from: config.from,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    messageId: messageIdFor(row.idempotency_key, config.from),
    date: new Date(row.created_at),
    headers: { ...headers, "Auto-Submitted": "auto-generated" },
  };
}

export function createMailSender(config: MailConfig = getMailConfig()): MailSender & { close(): void; kind: "smtp" | "folder" } {
  if (config.smtp) {
    const smtp = config.smtp;
    const transporter: Transporter = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    return {
      kind: "smtp",
      async send(row) {
        await transporter.sendMail(mailOptions(row, config));
      },
      close: () => transporter.close(),
    };
  }
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    kind: "folder",
    async send(row) {
      const info = await transporter.sendMail(mailOptions(row, config));
      // E-mails carry sign-in links and addresses: only the server's own user may read them.
      await fs.mkdir(config.mailDir, { recursive: true, mode: 0o700 });
      // A folder left by an older Harbor is tightened too; one we don't own (say /tmp) is left as it is.
      await fs.chmod(config.mailDir, 0o700).catch(() => undefined);
      const stamp = row.created_at.replace(/[:.]/g, "-");
      // Named by time and message: sending the same message again rewrites the same file.
      const file = path.join(config.mailDir, `${stamp}-${row.id}.eml`);
      await fs.writeFile(`${file}.tmp`, info.message as Buffer, { mode: 0o600 });
      await fs.rename(`${file}.tmp`, file);
    },
    close: () => transporter.close(),
  };
}
