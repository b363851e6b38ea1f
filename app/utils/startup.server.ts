/**
 * What the server checks before it listens: the build is a production build (a development build
 * from `npm run dev` answers 500 on every page), the configuration is sound, and what an operator
 * should hear about — a missing HARBOR_ORIGIN, no SMTP, a data key that several servers would
 * each invent for themselves. Also /healthz's check that the app really renders a page.
 */
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createRequestHandler } from "@remix-run/node";
import type { HarborEnv } from "./env.server";

/** Why this build must not be served in this mode, or null. */
export function buildProblem(build: Pick<ServerBuild, "mode">, mode: "production" | "development"): string | null {
  if (mode === "production" && build.mode !== "production") {
    return `build/ holds a ${build.mode} build (from "npm run dev"), which cannot serve pages in production. Run "npm run build", then start again.`;
  }
  return null;
}

/** What to warn about at start (each a sentence for the log). */
export function startupWarnings(env: HarborEnv, facts: { dialect: "sqlite" | "postgres"; mailDir: string }): string[] {
  const warnings: string[] = [];
  const production = env.NODE_ENV !== "development";
  if (production && !env.HARBOR_ORIGIN) {
    warnings.push(
      `HARBOR_ORIGIN is not set: links in e-mails (password resets, invites, digests) will point at http://localhost:${env.PORT}. Set it to the site's public address, like https://harbor.example.org.`,
    );
  }
  if (production && !env.SMTP_HOST) {
    warnings.push(`SMTP is not configured (SMTP_HOST is not set): e-mails are written as files to ${facts.mailDir} instead of being sent.`);
  }
  if (!env.HARBOR_DATA_KEYS && facts.dialect === "postgres") {
    warnings.push(
      `HARBOR_DATA_KEYS is not set on a PostgreSQL site: each app server would invent its own data key (${env.HARBOR_DATA_KEY_FILE ?? "data/data-key"}), and private texts written through one could not be read through another. Set the same HARBOR_DATA_KEYS on every server (docs/operations.md).`,
    );
  }
  if (env.HARBOR_TEST_CLOCK) warnings.push("HARBOR_TEST_CLOCK=1: POST /__test/clock can move this server's clock. Never set it on a real site.");
  return warnings;
}

/**
 * Renders a small page (/help) through the Remix build as a visitor would get it: 200 with a whole
 * document, or why not. /healthz uses it, so a server that answers but cannot render is not healthy.
 */
export function renderProbe(build: ServerBuild, mode: "production" | "development", context: () => AppLoadContext) {
  const handler = createRequestHandler(build, mode);
  return async (): Promise<string | null> => {
    try {
      const response = await handler(new Request("http://harbor.internal/help", { headers: { Accept: "text/html" } }), context());
      const body = await response.text();
      if (response.status !== 200) return `the help page answered ${response.status}`;
      if (!body.includes("</html>")) return "the help page was not a whole document";
      return null;
    } catch (error) {
      return `rendering failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
}
