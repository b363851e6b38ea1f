/**
 * Key rotation (`npm run db:rotate-key`, resealAll) and private messages (issue 26): messages and
 * reported messages' excerpts are re-sealed with the new first key, their stored ciphertext changes,
 * and they still read once the old key is gone. A removed message ("") is left as it is.
 */
import { afterEach, describe, expect, it } from "vitest";
import { resealAll } from "../../app/models/recovery-keys.server";
import { getConversation, messageReviewExcerpt, removeMemberMessages, reportMessage, startConversation } from "../../app/models/messages.server";
import { forgetVapidKeys, vapidKeys } from "../../app/models/push/keys.server";
import { resetDataKeys } from "../../app/utils/private-text.server";
import { makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
const key = (n: number) => Buffer.alloc(32, n).toString("base64");
const useKeys = (keys: string) => {
  process.env.HARBOR_DATA_KEYS = keys;
  resetDataKeys();
};

afterEach(() => {
  delete process.env.HARBOR_DATA_KEYS;
  resetDataKeys();
});

describe("key rotation", () => {
  it("re-seals private messages and report excerpts; they still read with only the new key", async () => {
    useKeys(`old:${key(3)}`);
    // Admins write (no new-account limits); everyone accepts messages from any member.
    const alex = await makeUser(t.db, { role: "admin" });
    const sam = await makeUser(t.db);
    const gone = await makeUser(t.db, { role: "admin" });
    await t.db.updateTable("users").set({ messages_from: "anyone" }).where("id", "in", [alex.id, sam.id, gone.id]).execute();
    const sender = (u: typeof alex) => ({ id: u.id, role: u.role, time_zone: "UTC" });
    const { conversationId } = await startConversation(t.db, sender(alex), { recipientIds: [sam.id, gone.id], body: "rotation-secret-K1 before the meeting" });
    const [first] = await t.db.selectFrom("messages").select("id").where("conversation_id", "=", conversationId).execute();
    const { itemId } = await reportMessage(t.db, sam.id, first!.id, { reason: "other", note: "" });
    // A removed message has nothing sealed.
    await startConversation(t.db, sender(gone), { recipientIds: [sam.id, alex.id], body: "words that go" });
    await removeMemberMessages(t.db, gone.id);

    const stored = async () => ({
      messages: await t.db.selectFrom("messages").select(["id", "body_enc"]).orderBy("id").execute(),
      excerpts: await t.db.selectFrom("report_excerpts").select(["report_id", "excerpt_enc"]).execute(),
    });
    const before = await stored();
    expect(before.messages.filter((m) => m.body_enc !== "")).toHaveLength(1);

    useKeys(`new:${key(4)},old:${key(3)}`);
    // The message and the excerpt (and nothing of the removed one).
    expect(await resealAll(t.db)).toBe(2);
    expect(await resealAll(t.db)).toBe(0);
    const after = await stored();
    expect(after.messages.map((m) => m.body_enc === "")).toEqual(before.messages.map((m) => m.body_enc === ""));
    const sealed = (m: { body_enc: string }) => m.body_enc !== "";
    expect(after.messages.find(sealed)!.body_enc).not.toBe(before.messages.find(sealed)!.body_enc);
    expect(after.messages.find(sealed)!.body_enc.split(".")[1]).toBe("new");
    expect(after.excerpts[0]!.excerpt_enc).not.toBe(before.excerpts[0]!.excerpt_enc);

    useKeys(`new:${key(4)}`);
    const read = await getConversation(t.db, sam.id, conversationId);
    expect(read!.messages[0]!.html).toContain("rotation-secret-K1");
    const item = await t.db.selectFrom("review_items").select("target_key").where("id", "=", itemId).executeTakeFirstOrThrow();
    const excerpt = await messageReviewExcerpt(t.db, item.target_key);
    expect(excerpt.map((m) => m.html).join("")).toContain("rotation-secret-K1");
  });
});

describe("key rotation and the site's push key", () => {
  it("re-seals the stored VAPID private key; the same pair reads with only the new key", async () => {
    useKeys(`old:${key(5)}`);
    forgetVapidKeys();
    const before = await vapidKeys(t.db);
    const stored = async () => (await t.db.selectFrom("site_settings").select("value").where("key", "=", "push_vapid_keys").executeTakeFirstOrThrow()).value;
    const sealedBefore = await stored();

    useKeys(`new:${key(6)},old:${key(5)}`);
    expect(await resealAll(t.db)).toBe(1);
    expect(await resealAll(t.db)).toBe(0);
    expect(await stored()).not.toBe(sealedBefore);

    useKeys(`new:${key(6)}`);
    forgetVapidKeys();
    expect(await vapidKeys(t.db)).toEqual(before);
    forgetVapidKeys();
  });
});
