import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/**
 * A random string of 26 characters from a 32-letter alphabet, 128 bits of entropy (crypto.getRandomValues),
 * as Lucia's guide recommends for session ids and secrets. Also used for every other random id.
 */
export function randomId(bytes = 16): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
}
