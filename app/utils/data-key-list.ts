/** HARBOR_DATA_KEYS's format, `id:base64key,…` (read by app/utils/private-text.server.ts, checked at start by env.server.ts). */
export interface DataKey {
  id: string;
  key: Buffer;
}

export function parseKeyList(raw: string): DataKey[] {
  return raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const index = entry.indexOf(":");
      if (index < 1) throw new Error("HARBOR_DATA_KEYS entries look like id:base64key");
      const id = entry.slice(0, index);
      const key = Buffer.from(entry.slice(index + 1), "base64");
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`HARBOR_DATA_KEYS: key id "${id}" may use letters, digits, - and _ only`);
      if (key.length !== 32) throw new Error(`HARBOR_DATA_KEYS: key "${id}" must be 32 bytes (base64 of 32 random bytes)`);
      return { id, key };
    });
}
