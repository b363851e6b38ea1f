/**
 * What the server checks before a route sees a request that changes something (app/server.ts):
 * the client's request rate (rate-limit.server.ts), then the body's size and kind
 * (request-body.server.ts), then, for a sign-in, whether it is throttled anyway. Each answer is a
 * short page, never a 500 — except to a page's own script (a `.data` request: a form sent with
 * JavaScript, a fetcher), which cannot show a page: the refusal is handed on to Remix instead
 * (remix-handler.server.ts), which answers it in its own format, so the browser shows the same
 * title and message in the page's error view.
 */
import type { NextFunction, Request, Response } from "express";
import { bodyKind, bodyRuleFor, isReadableForm, readBody } from "./request-body.server";
import type { Refusal, RequestWithBody } from "./remix-handler.server";
import { consumeLimit, waitText } from "./rate-limit.server";
import { signInGate, tooManyAttempts } from "../models/sign-in.server";
import { getDb } from "./db.server";
import { now as clockNow } from "./clock.server";

export type { RequestWithBody } from "./remix-handler.server";

export type SimplePage = (res: Response, status: number, title: string, message: string) => void;

/** A single-fetch request: Remix's own script asking for a route's data or sending its form. */
function isDataRequest(req: Request): boolean {
  return req.path.endsWith(".data");
}

/** Answers a refused request: a short page, or for a `.data` request, the refusal handed on to Remix. */
function refuse(page: SimplePage, req: Request, res: Response, next: NextFunction, refusal: Refusal): void {
  if (!isDataRequest(req)) return page(res, refusal.status, refusal.title, refusal.message);
  (req as RequestWithBody).harborRefusal = refusal;
  next();
}

/** Already refused (a `.data` request on its way to Remix): the later guards leave it alone. */
function refused(req: Request): boolean {
  return (req as RequestWithBody).harborRefusal !== undefined;
}

const TOO_LARGE: Refusal = { status: 413, title: "That was too much to send", message: "The form was larger than {site} accepts. Please shorten it and try again." };
const UNREADABLE: Refusal = {
  status: 400,
  title: "That form could not be read",
  message: "{site} could not read what was sent, so nothing was changed. Please go back, reload the page and try again.",
};

/** Reads every body within its route's limit; refuses what is too large (413) or not readable form data (400). */
export function bodyMiddleware(page: SimplePage) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS" || refused(req)) return next();
    const rule = bodyRuleFor(req.path);
    const tooLarge = () => {
      // The rest of the body is not read: the connection closes after the answer.
      res.setHeader("Connection", "close");
      res.on("finish", () => req.socket.destroySoon?.());
      if (rule.routeAnswers) {
        (req as RequestWithBody).harborBodyTooLarge = true;
        (req as RequestWithBody).harborBody = Buffer.alloc(0);
        delete req.headers["content-type"];
        req.headers["content-length"] = "0";
        return next();
      }
      refuse(page, req, res, next, TOO_LARGE);
    };
    readBody(req, rule.limit).then(
      async (result) => {
        if (!result.ok) return tooLarge();
        const contentType = req.get("content-type");
        const kind = bodyKind(contentType, result.body.length);
        if (kind === "other" || (kind === "multipart" && !(await isReadableForm(result.body, contentType!)))) {
          return refuse(page, req, res, next, UNREADABLE);
        }
        (req as RequestWithBody).harborBody = result.body;
        next();
      },
      // The client went away or sent something broken mid-way: nothing to answer to, nothing changed.
      () => page(res, UNREADABLE.status, UNREADABLE.title, UNREADABLE.message),
    );
  };
}

/**
 * Every POST counts against its client address's rate (LIMITS.post), before its body is read. Over
 * it: 429 with Retry-After, a short page and no work; an address already over it is refused from
 * memory, without a database round trip.
 */
export function postRateMiddleware(page: SimplePage) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== "POST") return next();
    consumeLimit("post", req.ip ?? req.socket.remoteAddress ?? "").then((result) => {
      if (result.ok) return next();
      res.setHeader("Retry-After", String(result.retryAfterSeconds));
      res.setHeader("Connection", "close");
      refuse(page, req, res, next, {
        status: 429,
        title: "Please slow down",
        message: `That was a lot of requests from your network in a short time. Please wait ${waitText(result.retryAfterSeconds)} and try again. If you need help now, the crisis resources are one click away.`,
      });
    }, next);
  };
}

/**
 * A sign-in that is throttled anyway is refused here, before the password is hashed and before any
 * page is rendered (429, a short page): a flood of wrong passwords then costs little, and the site
 * stays quick for everyone else. The sign-in action checks the same rule again (signInGate).
 */
export function signInGateMiddleware(page: SimplePage) {
  return (req: Request, res: Response, next: NextFunction) => {
    // A page's own form post only: a script's `.data` request expects Remix's own answer, and the
    // action refuses it the same way before hashing (and renders no page for it).
    if (req.method !== "POST" || req.path !== "/login" || refused(req)) return next();
    const body = (req as RequestWithBody).harborBody;
    if (!body || bodyKind(req.get("content-type"), body.length) !== "urlencoded") return next();
    const email = new URLSearchParams(body.toString("utf8")).get("email") ?? "";
    if (!email || email.length > 320) return next();
    signInGate(getDb(), { email, ip: req.ip ?? req.socket.remoteAddress ?? "", cookie: req.get("cookie") }).then(({ blockedUntil }) => {
      if (!blockedUntil) return next();
      const now = clockNow();
      res.setHeader("Retry-After", String(Math.max(1, Math.ceil((blockedUntil.getTime() - now.getTime()) / 1000))));
      page(res, 429, "Please wait a moment", `${tooManyAttempts(blockedUntil, now)} If this is your own browser and you have signed in here before, you can sign in as usual.`);
    }, next);
  };
}
