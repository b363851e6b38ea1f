/**
 * Device cookies (OWASP's "Slow Down Online Guessing Attacks with Device Cookies"): a browser that
 * has signed in to an account gets a signed token naming that account. With it, that browser is
 * throttled on its own failures only, so a stranger hammering the account elsewhere cannot lock its
 * owner out of their own browser. Up to five accounts per browser; the newest first.
 *
 * Token: `<user id>.<random id>.<signature>`; the cookie holds tokens joined by `~`.
 */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { randomId } from "../utils/ids.server";
import { sign, verifySignature } from "./mail/signing.server";

export const DEVICE_COOKIE = "harbor_device";
const MAX_TOKENS = 5;
const MAX_AGE_SECONDS = 365 * 24 * 3600;

export interface DeviceProof {
  userId: string;
  deviceId: string;
}

function tokensIn(cookieHeader: string | null | undefined): string[] {
  if (!cookieHeader) return [];
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === DEVICE_COOKIE) {
      const value = part.slice(index + 1).trim();
      return value.length < 2000 ? value.split("~").slice(0, MAX_TOKENS) : [];
    }
  }
  return [];
}

const payload = (userId: string, deviceId: string) => `device:${userId}.${deviceId}`;

/** The proof this browser carries for this account, if its signature holds. */
export async function deviceProofFor(db: Kysely<Database>, cookieHeader: string | null | undefined, userId: string): Promise<DeviceProof | null> {
  for (const token of tokensIn(cookieHeader)) {
    const [id, deviceId, signature] = token.split(".");
    if (id !== userId || !deviceId || !signature) continue;
    if (await verifySignature(db, payload(id, deviceId), signature)) return { userId: id, deviceId };
  }
  return null;
}

/** The Set-Cookie header after a successful sign-in: this account's token first (kept, or new), then the others. */
export async function deviceCookieAfterSignIn(db: Kysely<Database>, cookieHeader: string | null | undefined, userId: string, secure: boolean): Promise<string> {
  const existing = await deviceProofFor(db, cookieHeader, userId);
  const deviceId = existing?.deviceId ?? randomId();
  const token = `${userId}.${deviceId}.${await sign(db, payload(userId, deviceId))}`;
  const others = tokensIn(cookieHeader).filter((t) => !t.startsWith(`${userId}.`));
  const value = [token, ...others].slice(0, MAX_TOKENS).join("~");
  return `${DEVICE_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE_SECONDS}${secure ? "; Secure" : ""}`;
}
