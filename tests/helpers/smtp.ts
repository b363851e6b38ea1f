/** A real SMTP server on a loopback port, in-process, that keeps what it receives. */
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";

export interface Received {
  from: string;
  to: string[];
  raw: string;
  header(name: string): string | undefined;
}

export interface TestSmtp {
  port: number;
  received: Received[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

function parse(raw: string, from: string, to: string[]): Received {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const headers = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0 && !headers.has(line.slice(0, i).toLowerCase())) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  return { from, to, raw, header: (name) => headers.get(name.toLowerCase()) };
}

export async function startTestSmtp(port = 0): Promise<TestSmtp> {
  const received: Received[] = [];
  let server: SMTPServer | null = null;
  let boundPort = port;
  async function start() {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push(
            parse(
              Buffer.concat(chunks).toString("utf8"),
              session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              session.envelope.rcptTo.map((r) => r.address),
            ),
          );
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(boundPort, "127.0.0.1", () => resolve());
    });
    boundPort = (server.server.address() as AddressInfo).port;
  }
  await start();
  return {
    get port() {
      return boundPort;
    },
    received,
    start,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        const s = server;
        server = null;
        s.close(() => resolve());
      }),
  };
}
