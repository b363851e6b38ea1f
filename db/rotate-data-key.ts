// npm run db:rotate-key
// After putting a new key FIRST in HARBOR_DATA_KEYS (and keeping the old one after it), re-seals
// every private text with the new key. When it reports 0 left, the old key can be removed.
import { createDb } from "./client";
import { resealAll } from "../app/models/recovery-keys.server";
import { dataKeys } from "../app/utils/private-text.server";

const handle = createDb();
try {
  const keys = dataKeys();
  console.log(`Re-sealing private text with key "${keys[0]!.id}" (${keys.length} key${keys.length === 1 ? "" : "s"} configured) in ${handle.description}…`);
  const count = await resealAll(handle.db);
  console.log(`Done: ${count} value${count === 1 ? "" : "s"} re-sealed. Values sealed with older keys: ${await resealAll(handle.db)} left.`);
} finally {
  await handle.db.destroy();
}
