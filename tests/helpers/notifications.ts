/** What notify() stored: the notifications in the database, oldest first, with their details parsed. */
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export interface StoredNotification {
  userId: string;
  type: string;
  data: Record<string, unknown>;
}

export async function storedNotifications(db: Kysely<Database>, type?: string): Promise<StoredNotification[]> {
  let query = db.selectFrom("notifications").select(["user_id", "type", "data"]).orderBy("id");
  if (type) query = query.where("type", "=", type);
  const rows = await query.execute();
  return rows.map((r) => ({ userId: r.user_id, type: r.type, data: JSON.parse(r.data) as Record<string, unknown> }));
}
