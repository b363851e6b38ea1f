/**
 * The boards' events as notifications: replies, quotes, @mentions (members of the group only),
 * reactions collapsed per post, join request answers — and nothing for people who cannot read.
 */
import { describe, expect, it } from "vitest";
import { addMember, getGroupAccessById, leaveGroup } from "../../app/models/groups.server";
import { decideRequest, requestToJoin } from "../../app/models/group-joining.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { toggleReaction } from "../../app/models/posts.server";
import { listNotifications, unreadCount } from "../../app/models/notifications.server";
import { mentionCandidates } from "../../app/models/board-notifications.server";
import { makeGroup, makeUser } from "../factories";
import { useTestDatabase } from "../helpers/db";

const t = useTestDatabase();
const viewer = (u: { id: string }) => ({ id: u.id, timeZone: "UTC" });

async function types(userId: string) {
  const rows = await t.db.selectFrom("notifications").select(["type", "count"]).where("user_id", "=", userId).orderBy("id").execute();
  return rows.map((r) => (r.count > 1 ? `${r.type}×${r.count}` : r.type));
}

async function world(visibility: "public" | "private" = "public") {
  const group = await makeGroup(t.db, { visibility });
  const [author, replier, other] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
  for (const u of [author, replier, other]) await addMember(t.db, group.id, u.id);
  const { threadId } = await createThread(t.db, group.id, author.id, { title: "Getting through evenings", body: "What helps you?", clientToken: null });
  return { group, author, replier, other, threadId };
}

describe("mention parsing", () => {
  it("reads names after @, skipping e-mail addresses, quoted lines and code", () => {
    expect(mentionCandidates("Thanks @Sam R. for this")).toEqual([["sam", "samr", "samrfor", "samrforthis"]]);
    expect(mentionCandidates("write to sam@harbor.test")).toEqual([]);
    expect(mentionCandidates("> @Quoted Person said\n`@code`")).toEqual([]);
  });
});

describe("board events", () => {
  it("a reply tells the thread's author once, and collapses further replies until read", async () => {
    const w = await world();
    await replyToThread(t.db, w.threadId, w.replier.id, { body: "A walk after dinner.", clientToken: null });
    await replyToThread(t.db, w.threadId, w.other.id, { body: "Calling my sponsor.", clientToken: null });
    await replyToThread(t.db, w.threadId, w.author.id, { body: "Thank you both.", clientToken: null });
    expect(await types(w.author.id)).toEqual(["reply×2"]);
    expect(await types(w.replier.id)).toEqual([]);
    const { items } = await listNotifications(t.db, viewer(w.author));
    expect(items[0]!.text).toBe("2 new replies to “Getting through evenings” in " + w.group.name);
    // It leads to the first new reply.
    expect(items[0]!.href).toBe(`/groups/${w.group.slug}/threads/${w.threadId}?page=1#post-1`);
  });

  it("a quote tells the quoted author (once, even when they started the thread); mentions tell members", async () => {
    const w = await world();
    const first = await replyToThread(t.db, w.threadId, w.replier.id, { body: "Tea and a book.", clientToken: null });
    await t.db.updateTable("notifications").set({ read_at: new Date().toISOString() }).execute();
    const outsider = await makeUser(t.db, { displayName: "Robin Q" });
    await replyToThread(t.db, w.threadId, w.other.id, {
      body: `> Tea and a book.\n\nSame here! @${w.author.display_name} and @Robin Q, try it.`,
      clientToken: null,
      quotePostId: first.postId,
    });
    expect(await types(w.replier.id)).toEqual(["quote"]);
    // The author is mentioned and is the thread's author: told once, as the more specific mention.
    expect((await types(w.author.id)).slice(1)).toEqual(["mention"]);
    // Not a member of the group: a mention of their name tells them nothing.
    expect(await types(outsider.id)).toEqual([]);
  });

  it("reactions on one post collapse into one notification naming how many people reacted", async () => {
    const w = await world();
    const post = await t.db.selectFrom("posts").select("id").where("thread_id", "=", w.threadId).executeTakeFirstOrThrow();
    await toggleReaction(t.db, post.id, w.replier.id, "support");
    await toggleReaction(t.db, post.id, w.replier.id, "support"); // taken back
    await toggleReaction(t.db, post.id, w.replier.id, "support"); // and given again
    await toggleReaction(t.db, post.id, w.other.id, "thanks");
    await toggleReaction(t.db, post.id, w.author.id, "thanks"); // one's own post: nothing
    const { items } = await listNotifications(t.db, viewer(w.author));
    expect(items).toHaveLength(1);
    expect(items[0]!.text).toBe(`${w.other.display_name} and 1 other reacted to your post in “Getting through evenings”`);
  });

  it("a mention in a private group reaches members only, and disappears when they leave", async () => {
    const w = await world("private");
    await replyToThread(t.db, w.threadId, w.replier.id, { body: `@${w.other.display_name} you said this last week`, clientToken: null });
    expect(await unreadCount(t.db, w.other.id)).toBe(1);
    await leaveGroup(t.db, w.group.id, w.other.id);
    expect(await unreadCount(t.db, w.other.id)).toBe(0);
    expect((await listNotifications(t.db, viewer(w.other))).items).toHaveLength(0);
  });

  it("the answer to a join request is a notification", async () => {
    const group = await makeGroup(t.db, { visibility: "private", name: "Family Circle" });
    const [moderator, asker, second] = [await makeUser(t.db), await makeUser(t.db), await makeUser(t.db)];
    await addMember(t.db, group.id, moderator.id, "moderator");
    for (const u of [asker, second]) await requestToJoin(t.db, (await getGroupAccessById(t.db, group.id, { id: u.id, role: "member" }))!, u.id, "Hello");
    const requests = await t.db.selectFrom("group_join_requests").select(["id", "user_id"]).where("group_id", "=", group.id).execute();
    for (const r of requests)
      await decideRequest(t.db, group.id, r.id, moderator.id, { approve: r.user_id === asker.id, message: r.user_id === asker.id ? "" : "We're full for now." });
    const approved = await listNotifications(t.db, viewer(asker));
    expect(approved.items[0]!.text).toBe("Your request to join Family Circle was approved. Welcome!");
    expect(approved.items[0]!.href).toBe(`/groups/${group.slug}`);
    const declined = await listNotifications(t.db, viewer(second));
    expect(declined.items[0]!.text).toBe("Your request to join Family Circle was declined.");
    expect(declined.items[0]!.detail).toBe("We're full for now.");
  });
});

describe("content that goes away", () => {
  it("a mention in a thread a moderator hides, or a post its author deletes, no longer shows", async () => {
    const { deleteOwnPost } = await import("../../app/models/posts.server");
    const w = await world();
    const mention = await replyToThread(t.db, w.threadId, w.replier.id, { body: `@${w.other.display_name} hello`, clientToken: null });
    expect(await unreadCount(t.db, w.other.id)).toBe(1);
    await deleteOwnPost(t.db, mention.postId, w.replier.id);
    expect(await unreadCount(t.db, w.other.id)).toBe(0);
    // The thread's author was told of that reply, and that goes with it too (it named who wrote it).
    expect(await unreadCount(t.db, w.author.id)).toBe(0);
    // Another reply tells them again (two new replies), until a moderator hides the thread.
    await replyToThread(t.db, w.threadId, w.replier.id, { body: "A second thought", clientToken: null });
    expect(await unreadCount(t.db, w.author.id)).toBe(1);
    await t.db.updateTable("threads").set({ hidden_at: new Date().toISOString() }).where("id", "=", w.threadId).execute();
    expect(await unreadCount(t.db, w.author.id)).toBe(0);
  });
});
