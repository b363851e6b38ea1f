/**
 * Private messages (issue 26) through their routes, as anonymous, a member, a participant, a
 * non-participant, a blocked member, a moderator, an editor and an admin; the safeguards (new accounts, who
 * may message whom, blocks, suspensions, watched words, links, crisis language, rates); reports
 * that carry only an excerpt to the queue; leaving; sealed storage; account deletion.
 */
import { beforeEach, describe, expect, it } from "vitest";
import * as listRoute from "../../app/routes/messages._index/route";
import * as newRoute from "../../app/routes/messages.new/route";
import * as conversationRoute from "../../app/routes/messages.$conversationId._index/route";
import * as reportRoute from "../../app/routes/messages.$conversationId.report.$messageId/route";
import * as reviewRoute from "../../app/routes/moderation.review.$kind.$id/route";
import * as queueRoute from "../../app/routes/moderation._index/route";
import * as whoRoute from "../../app/routes/settings.messages/route";
import { addMember } from "../../app/models/groups.server";
import { blockMember } from "../../app/models/blocks.server";
import { acceptCircleInvite, createInviteLink } from "../../app/models/circle/invites.server";
import { NO_SHARES } from "../../app/policy/circle";
import { applySanction } from "../../app/models/moderation.server";
import { saveMessageSettings, DEFAULT_MESSAGE_SETTINGS, getConversation } from "../../app/models/messages.server";
import { createThread } from "../../app/models/threads.server";
import { deleteUser } from "../../app/models/users.server";
import { exportMemberData } from "../../app/models/member-data.server";
import { headerCounts } from "../../app/models/nav/header.server";
import { setClock } from "../../app/utils/clock.server";
import { createSession } from "../../app/models/sessions.server";
import { makeGroup, makeSignedInUser } from "../factories";
import { useTestDatabase } from "../helpers/db";
import { call, get, post } from "../helpers/requests";

const t = useTestDatabase();
type Failure = { ok: false; errors: Record<string, string> };

const SECRET = "secret-words-4d1f about the meeting on Tuesday";

/** An established member: a week old, with three posts in a shared group. */
async function established(group: { id: number }, name: string, role: "member" | "editor" | "admin" = "member") {
  setClock("2026-11-20T12:00:00Z");
  const m = await makeSignedInUser(t.db, { displayName: name, role });
  await addMember(t.db, group.id, m.user.id);
  for (let i = 0; i < 3; i++) await createThread(t.db, group.id, m.user.id, { title: `${name} thread ${i}`, body: "Words", clientToken: null });
  setClock("2026-12-01T12:00:00Z");
  // A session of today (one from the 20th would have lapsed).
  const { token } = await createSession(t.db, m.user.id);
  return { ...m, cookie: `harbor_session=${token}` };
}

let group: Awaited<ReturnType<typeof makeGroup>>;
let alex: Awaited<ReturnType<typeof established>>;
let sam: Awaited<ReturnType<typeof established>>;
let other: Awaited<ReturnType<typeof established>>;
let moderator: Awaited<ReturnType<typeof established>>;
let admin: Awaited<ReturnType<typeof established>>;
let editor: Awaited<ReturnType<typeof established>>;

const suffix = () => Math.random().toString(36).slice(2, 7);

beforeEach(async () => {
  group = await makeGroup(t.db, { visibility: "private" });
  alex = await established(group, `Alex ${suffix()}`);
  sam = await established(group, `Sam ${suffix()}`);
  other = await established(group, `Other ${suffix()}`);
  moderator = await established(group, `Mod ${suffix()}`);
  await addMember(t.db, group.id, moderator.user.id, "moderator");
  admin = await established(group, `Admin ${suffix()}`, "admin");
  editor = await established(group, `Editor ${suffix()}`, "editor");
});

const start = (from: { cookie: string }, to: string, body = SECRET) => call<Failure>(newRoute.action, post("/messages/new", { to, body, clientToken: "" }, from.cookie));

async function conversationBetweenAlexAndSam() {
  const started = await start(alex, sam.user.display_name);
  expect(started.status).toBe(302);
  const id = Number(started.headers.get("Location")!.split("/").pop()!.split("?")[0]);
  return id;
}

const open = (who: { cookie: string } | null, id: number) =>
  call<Awaited<ReturnType<typeof conversationRoute.loader>>>(conversationRoute.loader, get(`/messages/${id}`, who?.cookie), { conversationId: String(id) });

describe("a conversation", () => {
  it("is read by its participants only: anonymous signs in; a non-participant, a moderator, an editor and an admin get 404", async () => {
    const id = await conversationBetweenAlexAndSam();
    const asSam = await open(sam, id);
    expect(asSam.status).toBe(200);
    expect(asSam.body.messages.map((m) => m.html)).toEqual([`<p>${SECRET}</p>`]);
    expect(asSam.body.messages[0]!.unread).toBe(true);
    expect((await open(alex, id)).status).toBe(200);

    const anonymous = await open(null, id);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    for (const outsider of [other, moderator, editor, admin]) {
      expect((await open(outsider, id)).status).toBe(404);
      const list = await call<Awaited<ReturnType<typeof listRoute.loader>>>(listRoute.loader, get("/messages", outsider.cookie));
      expect(list.body.conversations).toEqual([]);
      const write = await call(conversationRoute.action, post(`/messages/${id}`, { intent: "send", body: "let me in", clientToken: "" }, outsider.cookie), {
        conversationId: String(id),
      });
      expect(write.status).toBe(404);
      const leave = await call(conversationRoute.action, post(`/messages/${id}`, { intent: "leave" }, outsider.cookie), { conversationId: String(id) });
      expect(leave.status).toBe(404);
    }
    expect((await open(sam, 999_999)).status).toBe(404);
    expect((await open(sam, Number.NaN)).status).toBe(404);
  });

  it("is sealed at rest, marks unread in the header, and is answered in the same conversation", async () => {
    const id = await conversationBetweenAlexAndSam();
    const stored = await t.db.selectFrom("messages").select("body_enc").execute();
    expect(JSON.stringify(stored)).not.toContain("secret-words");
    expect((await headerCounts(sam.user.id, false)).unreadConversations).toBe(1);
    await open(sam, id);
    expect((await headerCounts(sam.user.id, false)).unreadConversations).toBe(0);
    const reply = await call(conversationRoute.action, post(`/messages/${id}`, { intent: "send", body: "Thank you, Alex", clientToken: "" }, sam.cookie), {
      conversationId: String(id),
    });
    expect(reply.status).toBe(302);
    // Writing again to the same one person goes on in the same conversation.
    const again = await start(alex, sam.user.display_name, "One more thing");
    expect(again.headers.get("Location")).toBe(`/messages/${id}`);
    const list = await call<Awaited<ReturnType<typeof listRoute.loader>>>(listRoute.loader, get("/messages", sam.cookie));
    expect(list.body.conversations).toHaveLength(1);
    expect(list.body.conversations[0]!.count).toBe(3);
    // Sam hears of it through the bell.
    const notes = await t.db.selectFrom("notifications").select(["type", "count"]).where("user_id", "=", sam.user.id).where("type", "=", "message").execute();
    expect(notes.length).toBeGreaterThan(0);
  });

  it("leaving is one click; the last to leave takes it away", async () => {
    const id = await conversationBetweenAlexAndSam();
    const left = await call(conversationRoute.action, post(`/messages/${id}`, { intent: "leave" }, sam.cookie), { conversationId: String(id) });
    expect(left.status).toBe(302);
    expect((await open(sam, id)).status).toBe(404);
    expect((await open(alex, id)).body.refusal).toBe("Everyone else has left this conversation.");
    await call(conversationRoute.action, post(`/messages/${id}`, { intent: "leave" }, alex.cookie), { conversationId: String(id) });
    expect(await t.db.selectFrom("messages").select("id").execute()).toEqual([]);
  });

  it("blocking from inside it is one click, and then nobody writes there", async () => {
    const id = await conversationBetweenAlexAndSam();
    const blocked = await call(conversationRoute.action, post(`/messages/${id}`, { intent: "block", memberId: alex.user.id }, sam.cookie), { conversationId: String(id) });
    expect(blocked.status).toBe(302);
    const asSam = await open(sam, id);
    expect(asSam.body.messages[0]!.blockedAuthor).toBe(true);
    expect(asSam.body.refusal).toContain("You blocked");
    const write = await call<Failure>(conversationRoute.action, post(`/messages/${id}`, { intent: "send", body: "hello?", clientToken: "" }, alex.cookie), {
      conversationId: String(id),
    });
    expect(write.status).toBe(403);
    expect(write.body.errors.form).toBe(`${sam.user.display_name} can't receive messages from you.`);
    // The blocked member still reads what was said (nothing tells them of the block), and can't write.
    const asAlex = await open(alex, id);
    expect(asAlex.status).toBe(200);
    expect(asAlex.body.messages).toHaveLength(1);
    expect(asAlex.body.refusal).toBe(`${sam.user.display_name} can't receive messages from you.`);
    // Blocking someone who isn't in the conversation from it: 404.
    const outsider = await call(conversationRoute.action, post(`/messages/${id}`, { intent: "block", memberId: other.user.id }, sam.cookie), { conversationId: String(id) });
    expect(outsider.status).toBe(404);
  });
});

describe("starting one: every refusal is clear and stores nothing", () => {
  const nothingStored = async () => expect(await t.db.selectFrom("conversations").select("id").execute()).toEqual([]);

  it("a brand-new account is told it can't start one yet (and can when the site allows it)", async () => {
    const fresh = await makeSignedInUser(t.db);
    await addMember(t.db, group.id, fresh.user.id);
    const page = await call<Awaited<ReturnType<typeof newRoute.loader>>>(newRoute.loader, get("/messages/new", fresh.cookie));
    expect(page.body.refusal).toMatch(/^New accounts can't start private conversations yet/);
    const tried = await start(fresh, sam.user.display_name);
    expect(tried.status).toBe(403);
    expect(tried.body.errors.form).toMatch(/^New accounts can't start/);
    await nothingStored();
    await saveMessageSettings(t.db, { ...DEFAULT_MESSAGE_SETTINGS, newAccountsMayStart: true }, admin.user.id);
    // Still: no links from a new account.
    const link = await start(fresh, sam.user.display_name, "see https://example.com/pills");
    expect(link.status).toBe(400);
    expect(link.body.errors.body).toMatch(/can't put links/);
    const image = await start(fresh, sam.user.display_name, "![x](https://example.com/x.png)");
    expect(image.status).toBe(400);
    expect(image.body.errors.body).toMatch(/images/);
    expect((await start(fresh, sam.user.display_name, "hello")).status).toBe(302);
  });

  it("to oneself, to nobody, to an unknown name, to too many people", async () => {
    const self = await start(alex, alex.user.display_name);
    expect(self.status).toBe(400);
    expect(self.body.errors.to).toMatch(/^You can't start a conversation with yourself/);
    expect((await start(alex, " ")).status).toBe(400);
    const unknown = await start(alex, "Nobody Here At All");
    expect(unknown.body.errors.to).toBe("No member is called “Nobody Here At All”. Check the spelling of their display name.");
    await saveMessageSettings(t.db, { ...DEFAULT_MESSAGE_SETTINGS, maxParticipants: 2 }, admin.user.id);
    const many = await start(alex, `${sam.user.display_name}, ${other.user.display_name}`);
    expect(many.status).toBe(400);
    expect(many.body.errors.to).toMatch(/at most 2 people/);
    await nothingStored();
  });

  it("to a member who blocked the sender reads the same as one who allows nobody; to one the sender blocked says so", async () => {
    await blockMember(t.db, sam.user.id, alex.user.id);
    const blocked = await start(alex, sam.user.display_name);
    expect(blocked.status).toBe(403);
    const cannot = `${sam.user.display_name} can't receive messages from you. Members choose who may message them.`;
    expect(blocked.body.errors.to).toBe(cannot);
    await call(whoRoute.action, post("/settings/messages", { messagesFrom: "nobody" }, other.cookie));
    const nobody = await start(alex, other.user.display_name);
    expect(nobody.body.errors.to).toBe(`${other.user.display_name} can't receive messages from you. Members choose who may message them.`);
    const mine = await start(sam, alex.user.display_name);
    expect(mine.body.errors.to).toMatch(/^You blocked/);
    await nothingStored();
  });

  it("members of groups I'm in (the default), anyone, and my support circle (an accepted link either way)", async () => {
    const stranger = await established(await makeGroup(t.db), `Stranger ${suffix()}`);
    expect((await start(stranger, sam.user.display_name)).status).toBe(403);
    await call(whoRoute.action, post("/settings/messages", { messagesFrom: "circle" }, sam.cookie));
    // "My support circle" is not "my groups": Alex shares Sam's group but is in no circle with her.
    expect((await start(alex, sam.user.display_name)).body.errors.to).toMatch(/can't receive messages from you/);
    expect((await start(stranger, sam.user.display_name)).status).toBe(403);
    // An invitation alone is not a link; accepted, it is, whoever's circle it is.
    const invite = await createInviteLink(t.db, sam.user.id, { role: "friend_family", shares: NO_SHARES });
    expect((await start(stranger, sam.user.display_name)).status).toBe(403);
    await acceptCircleInvite(t.db, stranger.user.id, { token: invite.token });
    expect((await start(stranger, sam.user.display_name)).status).toBe(302);
    const theirs = await createInviteLink(t.db, other.user.id, { role: "friend_family", shares: NO_SHARES });
    await acceptCircleInvite(t.db, sam.user.id, { token: theirs.token });
    await call(whoRoute.action, post("/settings/messages", { messagesFrom: "circle" }, other.cookie));
    expect((await start(sam, other.user.display_name)).status).toBe(302);
    expect((await start(alex, other.user.display_name)).status).toBe(403);
    const bad = await call<Failure>(whoRoute.action, post("/settings/messages", { messagesFrom: "everyone!" }, sam.cookie));
    expect(bad.status).toBe(400);
    await call(whoRoute.action, post("/settings/messages", { messagesFrom: "anyone" }, sam.cookie));
    expect((await start(stranger, sam.user.display_name)).status).toBe(302);
  });

  it("to a suspended member", async () => {
    await applySanction(t.db, admin.user.id, { userId: sam.user.id, groupId: null, kind: "suspend", reason: "Cooling off", hours: 24 }, new Date("2026-12-01T12:00:00Z"));
    const to = await start(alex, sam.user.display_name);
    expect(to.status).toBe(403);
    expect(to.body.errors.to).toBe(`${sam.user.display_name} can't receive messages right now.`);
    await nothingStored();
  });

  it("watched words refuse a message; crisis language sends it and shows its author the crisis resources", async () => {
    const sourcing = await start(alex, sam.user.display_name, "anyone selling xanax near me");
    expect(sourcing.status).toBe(400);
    expect(sourcing.body.errors.body).toMatch(/isn't allowed in private messages/);
    await nothingStored();
    const crisis = await start(alex, sam.user.display_name, "I want to end it all tonight");
    expect(crisis.status).toBe(302);
    expect(crisis.headers.get("Location")).toMatch(/notice=crisis/);
    const id = Number(crisis.headers.get("Location")!.split("/").pop()!.split("?")[0]);
    const page = await call<Awaited<ReturnType<typeof conversationRoute.loader>>>(conversationRoute.loader, get(`/messages/${id}?notice=crisis`, alex.cookie), {
      conversationId: String(id),
    });
    expect(page.body.crisis!.length).toBeGreaterThan(0);
    expect((await open(sam, id)).body.messages[0]!.crisisCue).toBe(true);
  });

  it("keeps to a rate per member", async () => {
    await saveMessageSettings(t.db, { ...DEFAULT_MESSAGE_SETTINGS, messagesPerHour: 2 }, admin.user.id);
    const id = await conversationBetweenAlexAndSam();
    expect(
      (await call(conversationRoute.action, post(`/messages/${id}`, { intent: "send", body: "two", clientToken: "" }, alex.cookie), { conversationId: String(id) })).status,
    ).toBe(302);
    const third = await call<Failure>(conversationRoute.action, post(`/messages/${id}`, { intent: "send", body: "three", clientToken: "" }, alex.cookie), {
      conversationId: String(id),
    });
    expect(third.status).toBe(429);
    expect(third.body.errors.form).toMatch(/^That's 2 messages this hour/);
  });

  it("keeps to a number of new conversations a day, and writing in one already started stays open", async () => {
    await saveMessageSettings(t.db, { ...DEFAULT_MESSAGE_SETTINGS, conversationsPerDay: 2 }, admin.user.id);
    expect((await start(alex, sam.user.display_name)).status).toBe(302);
    expect((await start(alex, other.user.display_name)).status).toBe(302);
    const before = await t.db.selectFrom("conversations").select("id").execute();
    const third = await start(alex, moderator.user.display_name);
    expect(third.status).toBe(429);
    expect(third.body.errors.form).toMatch(/^You've started 2 conversations today\. You can start another in /);
    expect(await t.db.selectFrom("conversations").select("id").execute()).toEqual(before);
    // Writing to Sam again continues the conversation the two already have: not a new one.
    expect((await start(alex, sam.user.display_name, "and again")).status).toBe(302);
  });
});

describe("reporting a message", () => {
  it("carries only the message and the few before it to the queue; the moderator reads that, not the conversation", async () => {
    const id = await conversationBetweenAlexAndSam();
    for (const [who, body] of [
      [sam, "first reply"],
      [alex, "second"],
      [sam, "third"],
      [alex, "the reported one: meet me alone"],
      [sam, "after the reported one"],
    ] as const) {
      await call(conversationRoute.action, post(`/messages/${id}`, { intent: "send", body, clientToken: "" }, who.cookie), { conversationId: String(id) });
    }
    const messages = await t.db.selectFrom("messages").select(["id"]).orderBy("id").execute();
    const reported = messages[4]!.id;
    const path = `/messages/${id}/report/${reported}`;
    const params = { conversationId: String(id), messageId: String(reported) };
    const page = await call<Awaited<ReturnType<typeof reportRoute.loader>>>(reportRoute.loader, get(path, sam.cookie), params);
    expect(page.body.reportContext).toBe(3);

    // Not the reporter's conversation, their own message, anonymous: a clear answer, nothing filed.
    for (const outsider of [other, moderator, editor, admin]) {
      expect((await call(reportRoute.loader, get(path, outsider.cookie), params)).status).toBe(404);
      expect((await call(reportRoute.action, post(path, { reason: "harassment", note: "" }, outsider.cookie), params)).status).toBe(404);
    }
    // Sam's, but reached through another of her conversations, or no message at all: 404.
    const elsewhere = Number((await start(other, sam.user.display_name, "hello Sam")).headers.get("Location")!.split("/").pop()!.split("?")[0]);
    const through = { conversationId: String(elsewhere), messageId: String(reported) };
    expect((await call(reportRoute.action, post(`/messages/${elsewhere}/report/${reported}`, { reason: "harassment", note: "" }, sam.cookie), through)).status).toBe(404);
    const none = { conversationId: String(id), messageId: "999999" };
    expect((await call(reportRoute.action, post(`/messages/${id}/report/999999`, { reason: "harassment", note: "" }, sam.cookie), none)).status).toBe(404);
    expect((await call(reportRoute.action, post(path, { reason: "harassment", note: "" }), params)).status).toBe(302);
    const own = await call<Failure>(reportRoute.action, post(path, { reason: "harassment", note: "" }, alex.cookie), params);
    expect(own.status).toBe(400);
    expect(own.body.errors.form).toBe("You can't report your own message.");
    expect(await t.db.selectFrom("reports").select("id").execute()).toEqual([]);

    const filed = await call(reportRoute.action, post(path, { reason: "harassment", note: "Pushing to meet alone" }, sam.cookie), params);
    expect(filed.status).toBe(200);
    const again = await call<Failure>(reportRoute.action, post(path, { reason: "harassment", note: "" }, sam.cookie), params);
    expect(again.status).toBe(409);

    // The queue lists it for an admin; a group's moderator has no way to it.
    const queue = await call<Awaited<ReturnType<typeof queueRoute.loader>>>(queueRoute.loader, get("/moderation", admin.cookie));
    expect(queue.body.items.map((i) => i.href)).toContain(`/moderation/review/message/${reported}`);
    const review = await call<Awaited<ReturnType<typeof reviewRoute.loader>>>(reviewRoute.loader, get(`/moderation/review/message/${reported}`, admin.cookie), {
      kind: "message",
      id: String(reported),
    });
    expect(review.status).toBe(200);
    const text = review.body.excerpt.map((m) => m.html).join(" ");
    expect(review.body.excerpt).toHaveLength(4);
    expect(text).toContain("the reported one");
    expect(text).toContain("first reply");
    expect(text).not.toContain(SECRET.slice(0, 12));
    expect(text).not.toContain("after the reported one");
    expect(review.body.excerpt.filter((m) => m.reported)).toHaveLength(1);
    expect((await call(reviewRoute.loader, get(`/moderation/review/message/${reported}`, moderator.cookie), { kind: "message", id: String(reported) })).status).toBe(404);
    // An editor writes guides and moderates nothing: the queue, the review and its actions refuse them, and nothing changes.
    const review$ = { kind: "message", id: String(reported) };
    for (const refused of [
      await call(queueRoute.loader, get("/moderation", editor.cookie)),
      await call(reviewRoute.loader, get(`/moderation/review/message/${reported}`, editor.cookie), review$),
      await call(reviewRoute.action, post(`/moderation/review/message/${reported}`, { intent: "act", action: "delete", reason: "x" }, editor.cookie), review$),
    ])
      expect([403, 404]).toContain(refused.status);
    expect((await open(sam, id)).body.messages.find((m) => m.id === reported)!.removed).toBe(false);
    // Still no way into the conversation for the admin.
    expect((await open(admin, id)).status).toBe(404);

    // Removing it: the participants read "message removed".
    const removed = await call(reviewRoute.action, post(`/moderation/review/message/${reported}`, { intent: "act", action: "delete", reason: "Unsafe contact" }, admin.cookie), {
      kind: "message",
      id: String(reported),
    });
    expect(removed.status).toBe(200);
    const after = (await open(sam, id)).body.messages.find((m) => m.id === reported)!;
    expect(after.removed).toBe(true);
    expect(after.html).toBe("");
  });
});

describe("the member's data", () => {
  it("the export has their conversations and the messages they wrote; deleting the account removes its messages' words", async () => {
    const id = await conversationBetweenAlexAndSam();
    const data = (await exportMemberData(t.db, alex.user.id)) as { messages: { messagesYouWrote: { text: string }[] } };
    expect(data.messages.messagesYouWrote.map((m) => m.text)).toEqual([SECRET]);
    expect(((await exportMemberData(t.db, sam.user.id)) as { messages: { messagesYouWrote: unknown[] } }).messages.messagesYouWrote).toEqual([]);
    await deleteUser(t.db, alex.user.id);
    const conversation = await getConversation(t.db, sam.user.id, id);
    expect(conversation!.messages[0]).toMatchObject({ removed: true, html: "", authorName: null });
    const stored = await t.db.selectFrom("messages").select(["body_enc", "removed_at"]).execute();
    expect(stored[0]!.body_enc).toBe("");
  });
});
