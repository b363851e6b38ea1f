/**
 * Blocking on the lists where posts show besides the thread page (issue 26): a group's board and
 * site search. As the blocker, the blocked member, the group's moderator, a site admin and a
 * bystander; and what it costs (a member in no block pays no query, one in a block a fixed few).
 */
import { describe, expect, it } from "vitest";
import SQLite from "better-sqlite3";
import * as boardRoute from "../../app/routes/groups.$slug._index/route";
import * as searchRoute from "../../app/routes/search/route";
import { addMember } from "../../app/models/groups.server";
import { createThread, replyToThread } from "../../app/models/threads.server";
import { blockMember } from "../../app/models/blocks.server";
import { setDbHandle } from "../../app/utils/db.server";
import { configureSqlite, sqliteHandle } from "../../db/client";
import { makeGroup, makeSignedInUser } from "../factories";
import { sqliteTemplate, useTestDatabase } from "../helpers/db";
import { call, get } from "../helpers/requests";

const t = useTestDatabase();

type Board = Awaited<ReturnType<typeof boardRoute.loader>>;
type Search = Awaited<ReturnType<typeof searchRoute.loader>>;

/** Riley, Morgan (whom Riley will block), a bystander and the group's moderator, each with a thread about the tide; Morgan also has the last reply in the bystander's. */
async function world(db = t.db) {
  const [riley, morgan, bystander, mod, admin] = [
    await makeSignedInUser(db, { displayName: "Riley" }),
    await makeSignedInUser(db, { displayName: "Morgan" }),
    await makeSignedInUser(db, { displayName: "Bystander" }),
    await makeSignedInUser(db, { displayName: "Mod" }),
    await makeSignedInUser(db, { displayName: "Admin", role: "admin" }),
  ];
  const group = await makeGroup(db, { visibility: "private" });
  for (const m of [riley, morgan, bystander]) await addMember(db, group.id, m.user.id);
  await addMember(db, group.id, mod.user.id, "moderator");
  const byRiley = await createThread(db, group.id, riley.user.id, { title: "Riley on the tide", body: "Riley's tide words", clientToken: null });
  const byMorgan = await createThread(db, group.id, morgan.user.id, { title: "Morgan on the tide", body: "Morgan's tide words", clientToken: null });
  const byBystander = await createThread(db, group.id, bystander.user.id, { title: "Bystander on the tide", body: "A bystander's tide words", clientToken: null });
  await replyToThread(db, byBystander.threadId, morgan.user.id, { body: "Morgan answers about the tide", clientToken: null });
  const board = (who: { cookie: string }) => call<Board>(boardRoute.loader, get(`/groups/${group.slug}`, who.cookie), { slug: group.slug });
  const search = (who: { cookie: string }) => call<Search>(searchRoute.loader, get("/search?q=tide", who.cookie));
  const ids = { riley: byRiley.threadId, morgan: byMorgan.threadId, bystander: byBystander.threadId };
  return { riley, morgan, bystander, mod, admin, group, ids, board, search };
}

describe("a group's board", () => {
  it("shows the blocker a blocked member's thread as one collapsed line, leaves the blocker's threads out for the blocked member, and shows moderators everything", async () => {
    const { riley, morgan, bystander, mod, ids, board } = await world();
    await blockMember(t.db, riley.user.id, morgan.user.id);

    const asRiley = (await board(riley)).body.threads;
    expect(asRiley.map((r) => [r.id, !!r.blockedAuthor])).toEqual(
      expect.arrayContaining([
        [ids.morgan, true],
        [ids.riley, false],
        [ids.bystander, false],
      ]),
    );
    // The last reply is Morgan's: not named to Riley.
    const bystanders = asRiley.find((r) => r.id === ids.bystander)!;
    expect(bystanders.lastAuthorUnnamed).toBe(true);
    expect(JSON.stringify(bystanders)).not.toContain("Morgan");

    const asMorgan = (await board(morgan)).body.threads;
    expect(asMorgan.map((r) => r.id).sort()).toEqual([ids.morgan, ids.bystander].sort());
    expect(JSON.stringify(asMorgan)).not.toContain("Riley");
    expect(asMorgan.some((r) => r.blockedAuthor)).toBe(false);

    for (const viewer of [mod, bystander]) {
      const rows = (await board(viewer)).body.threads;
      expect(rows).toHaveLength(3);
      expect(rows.some((r) => r.blockedAuthor || r.lastAuthorUnnamed)).toBe(false);
    }
  });
});

describe("site search", () => {
  it("collapses a blocked member's posts for the blocker, leaves the blocker's out for the blocked member, except where the viewer moderates", async () => {
    const { riley, morgan, bystander, mod, admin, search } = await world();
    await blockMember(t.db, riley.user.id, morgan.user.id);
    const authors = (hits: Search["hits"]) => hits.map((h) => `${h.author}${h.blockedAuthor ? " (collapsed)" : ""}`).sort();

    expect(authors((await search(riley)).body.hits)).toEqual(["Bystander", "Morgan (collapsed)", "Morgan (collapsed)", "Riley"]);
    expect(authors((await search(morgan)).body.hits)).toEqual(["Bystander", "Morgan", "Morgan"]);
    for (const viewer of [bystander, mod, admin]) expect(authors((await search(viewer)).body.hits)).toEqual(["Bystander", "Morgan", "Morgan", "Riley"]);

    // In a group Morgan moderates, she sees Riley's posts after all (and only there).
    const moderated = await makeGroup(t.db, { visibility: "private" });
    await addMember(t.db, moderated.id, morgan.user.id, "moderator");
    await addMember(t.db, moderated.id, riley.user.id);
    await createThread(t.db, moderated.id, riley.user.id, { title: "Riley on the tide again", body: "More tide words", clientToken: null });
    const hers = (await search(morgan)).body.hits;
    expect(hers.filter((h) => h.author === "Riley").map((h) => h.groupName)).toEqual([moderated.name]);
    expect(hers.some((h) => h.blockedAuthor)).toBe(false);
  });
});

// Counted on a SQLite file of its own in both passes (query counts are the SQLite server's figure).
describe("what it costs", () => {
  it("a member in no block pays no query on the board or in search, one in a block a fixed few", async () => {
    let queries = 0;
    const counted = sqliteHandle(configureSqlite(new SQLite(sqliteTemplate())), "counted", { onQuery: () => queries++ });
    setDbHandle(counted);
    try {
      const { riley, morgan, bystander, group, board, search } = await world(counted.db);
      for (let i = 0; i < 6; i++)
        await createThread(counted.db, group.id, i % 2 ? morgan.user.id : bystander.user.id, { title: `More tide ${i}`, body: "tide", clientToken: null });
      const count = async (load: () => Promise<unknown>) => {
        await load();
        queries = 0;
        await load();
        return queries;
      };
      const plainBoard = await count(() => board(bystander));
      const plainSearch = await count(() => search(bystander));
      expect(await count(() => board(riley))).toBe(plainBoard);
      await blockMember(counted.db, riley.user.id, morgan.user.id);
      expect(await count(() => board(riley))).toBe(plainBoard + 1);
      expect(await count(() => search(riley))).toBe(plainSearch + 2);
      expect(await count(() => board(bystander))).toBe(plainBoard);
      expect(await count(() => search(bystander))).toBe(plainSearch);
    } finally {
      setDbHandle(t.handle);
      await counted.db.destroy();
    }
  });
});
