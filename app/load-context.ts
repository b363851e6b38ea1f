// What the Express server hands every loader and action (see app/server.ts).
import type { ValidatedSession } from "./models/sessions.server";
import type { Refusal } from "./utils/remix-handler.server";

export interface HarborLoadContext {
  /** The client's address (honouring TRUST_PROXY), for throttling and "Your sessions". */
  clientIp: string;
  /** The body was over the route's limit and was not read: a route that allows for it answers with its own message. */
  bodyTooLarge?: boolean;
  /** A `.data` request the server's guards refused (too many, too large …): the catch-all route's action throws it. */
  refusal?: Refusal;
  /** This response's Content-Security-Policy nonce. */
  cspNonce: string;
  /** Sessions checked during this request, by token: once for all of a page's loaders (app/utils/auth.server.ts). */
  sessions?: Map<string, Promise<ValidatedSession | null>>;
}

declare module "@remix-run/server-runtime" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: Remix's interface takes Harbor's members, and only an interface can do that
  interface AppLoadContext extends HarborLoadContext {}
}

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
