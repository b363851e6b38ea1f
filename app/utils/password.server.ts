import { hash, verify } from "@node-rs/argon2";
import { BASE_WORDS, COMMON_PASSWORDS } from "./common-passwords.server";

export const PASSWORD_MIN_LENGTH = 10;
/** Long enough for any passphrase, short enough that hashing it cannot be used to tie up the server. */
export const PASSWORD_MAX_LENGTH = 256;

// argon2id (algorithm 2 in @node-rs/argon2's enum, spelled out because its const enum does not
// survive isolated-module compilers) with OWASP's recommended cost: 19 MiB, 2 passes, 1 lane.
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** Spends the same time as a real check, so a sign-in for an unknown e-mail cannot be told apart by timing. */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword("harbor-timing-equaliser-password");
  await verifyPassword(await dummyHash, password);
  return false;
}

const common = new Set(COMMON_PASSWORDS.split(" "));
const baseWords = new Set(BASE_WORDS.split(" "));

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (common.has(lower)) return true;
  // "Password2024!", "!!sunshine123": a very common word dressed in digits and symbols.
  const core = lower.replace(/^[^a-z]+/, "").replace(/[^a-z]+$/, "");
  return baseWords.has(core) && /^[^a-z]*[a-z]+[^a-z]*$/.test(lower);
}

/** What is wrong with a new password, in words for the person choosing it; null when it is fine. */
export function passwordProblem(password: string, context: { email?: string; displayName?: string } = {}): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters. A few words together make a strong, memorable password.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (new Set(password).size < 4) return "That password repeats too few characters. Try a few words together.";
  if (isCommonPassword(password)) return "That password is one of the most common ones and is easy to guess. Please choose another.";
  const lower = password.toLowerCase();
  const email = context.email?.toLowerCase();
  if (email && (lower === email || lower === email.split("@")[0])) return "Your password shouldn't be your e-mail address.";
  const name = context.displayName?.toLowerCase().replace(/\s+/g, "");
  if (name && name.length >= 4 && lower.replace(/\s+/g, "") === name) return "Your password shouldn't be your display name.";
  return null;
}
