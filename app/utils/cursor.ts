/** Opaque cursors for keyset pagination: base64url JSON in the URL, checked against a schema when read back. */
import type { z } from "zod";

export function encodeCursor(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The cursor's value, or undefined for a missing or tampered one (the list then starts at the top). */
export function decodeCursor<S extends z.ZodTypeAny>(raw: string | null, schema: S): z.infer<S> | undefined {
  if (!raw || raw.length > 500) return undefined;
  try {
    const binary = atob(raw.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const parsed = schema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
