/**
 * The SQLite reader thread (db/reader.ts): a search on a SQLite file runs on a second, read-only
 * connection in a worker thread. What it sees, what it refuses, and what happens without it.
 * (SQLite only by nature: it runs on a SQLite file in both test passes.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createDb, type DbHandle } from "../../db/client";
import { attachReader, Reader, readEither, readOnly, readerOf } from "../../db/reader";
import { addMember } from "../../app/models/groups.server";
import { searchPosts } from "../../app/models/search.server";
import { createThread } from "../../app/models/threads.server";
import { listThreads } from "../../app/models/thread-pages.server";
import { makeGroup, makeUser } from "../factories";
import { sqliteTemplate } from "../helpers/db";

let dir: string;
let file: string;
let queries = 0;
let handle: DbHandle;
/** The same file without a reader: what the main connection answers. */
let plain: DbHandle;
let groupId: number;
let privateGroupId: number;
let authorId: string;

// Each test: its own migrated SQLite file (a copy of the run's template), with a few threads.
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "harbor-reader-"));
  file = path.join(dir, "harbor.db");
  fs.writeFileSync(file, sqliteTemplate());
  queries = 0;
  handle = createDb(`file:${file}`, { reader: true, onQuery: () => queries++ });
  plain = createDb(`file:${file}`);
  const db = handle.db;
  groupId = (await makeGroup(db, { visibility: "public" })).id;
  privateGroupId = (await makeGroup(db, { visibility: "private" })).id;
  const author = await makeUser(db);
  authorId = author.id;
  await addMember(db, privateGroupId, author.id);
  for (let i = 0; i < 6; i++) {
    await createThread(db, groupId, author.id, { title: `Harbour lights ${i}`, body: `Evening ${"tide ".repeat(i + 1)}at the harbour wall.`, clientToken: null });
  }
  await createThread(db, privateGroupId, author.id, { title: "A quiet tide", body: "Only for this group's members.", clientToken: null });
});

afterEach(async () => {
  await plain.db.destroy();
  await handle.db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the SQLite reader thread", () => {
  it("is the app connection's on a SQLite file, and never a transaction's, PostgreSQL's or an in-memory database's", async () => {
    expect(readerOf(handle.db)).toBe(handle.reader);
    expect(readerOf(plain.db)).toBeUndefined();
    const memory = createDb(":memory:", { reader: true });
    expect(memory.reader).toBeUndefined();
    await memory.db.destroy();
    await handle.db.transaction().execute(async (tx) => {
      expect(readerOf(tx)).toBeUndefined();
    });
  });

  it("answers a search as the main connection does (ranked, and newest first for a word in many posts), on its own thread", async () => {
    expect(handle.reader!.running).toBe(false); // started by the first query that needs it
    for (const options of [{}, { candidates: 3 }, { page: 2, candidates: 3 }]) {
      const onReader = await searchPosts(handle.db, null, "tide", options);
      const onMain = await searchPosts(plain.db, null, "tide", options);
      expect(onReader).toEqual(onMain);
    }
    expect((await searchPosts(handle.db, null, "tide")).hits.map((h) => h.threadTitle)).toEqual([
      "Harbour lights 5",
      "Harbour lights 4",
      "Harbour lights 3",
      "Harbour lights 2",
      "Harbour lights 1",
      "Harbour lights 0",
    ]);
    expect(handle.reader!.running).toBe(true);
    // Its rows never include a private group's posts for those outside it.
    expect((await searchPosts(handle.db, null, "quiet")).hits).toEqual([]);
    expect((await searchPosts(handle.db, { id: authorId, role: "member" }, "quiet")).hits.map((h) => h.threadTitle)).toEqual(["A quiet tide"]);
  });

  it("answers a board's page of threads as the main connection does", async () => {
    const before = handle.reader!.answered;
    const first = await listThreads(handle.db, groupId, null);
    expect(handle.reader!.answered).toBe(before + 1);
    expect(first).toEqual(await listThreads(plain.db, groupId, null));
    expect(first.threads.map((t) => t.title)).toEqual(["Harbour lights 5", "Harbour lights 4", "Harbour lights 3", "Harbour lights 2", "Harbour lights 1", "Harbour lights 0"]);
    // A member's read state comes along; in a transaction, the transaction answers.
    expect((await listThreads(handle.db, groupId, authorId)).threads.every((t) => t.read_count !== null)).toBe(true);
    await handle.db.transaction().execute(async (tx) => {
      const inside = handle.reader!.answered;
      expect((await listThreads(tx, groupId, null)).threads).toHaveLength(6);
      expect(handle.reader!.answered).toBe(inside);
    });
  });

  it("counts its queries like any other (the benchmark's query count)", async () => {
    const before = queries;
    await readOnly(handle.db, sql`SELECT 1 AS one`);
    expect(queries).toBe(before + 1);
  });

  it("answers a query chosen by another's answer in one round trip, either way, as the main connection does", async () => {
    const either = (db: typeof handle.db, many: number) =>
      readEither(
        db,
        sql<{ many: number }>`SELECT count(*) >= ${many} AS many FROM posts`,
        sql<{ branch: string }>`SELECT ${"many"} AS branch`,
        sql<{ branch: string }>`SELECT ${"few"} AS branch`,
      );
    const messages = handle.reader!.answered;
    const counted = queries;
    expect(await either(handle.db, 1)).toEqual([{ branch: "many" }]);
    expect(handle.reader!.answered).toBe(messages + 1);
    expect(queries).toBe(counted + 2); // two statements ran
    // The branch not taken was prepared too: sent next time by number only, it still answers.
    expect(await either(handle.db, 1_000_000)).toEqual([{ branch: "few" }]);
    expect(handle.reader!.answered).toBe(messages + 2);
    // The same statement twice in one message (its SQL goes with the first).
    const same = sql<{ two: number }>`SELECT 2 AS two`;
    expect(await readEither(handle.db, same, same, sql`SELECT 3 AS three`)).toEqual([{ two: 2 }]);
    // A test with no rows, or a null, counts as false.
    expect(await readEither(handle.db, sql`SELECT 1 AS x WHERE 0`, sql`SELECT 'yes' AS a`, sql`SELECT 'no' AS a`)).toEqual([{ a: "no" }]);
    expect(await readEither(handle.db, sql`SELECT NULL AS x`, sql`SELECT 'yes' AS a`, sql`SELECT 'no' AS a`)).toEqual([{ a: "no" }]);
    // Without a reader, and in a transaction, the same two queries run where they are.
    expect(await either(plain.db, 1)).toEqual([{ branch: "many" }]);
    expect(await either(plain.db, 1_000_000)).toEqual([{ branch: "few" }]);
    await handle.db.transaction().execute(async (tx) => {
      const inside = handle.reader!.answered;
      expect(await either(tx, 1)).toEqual([{ branch: "many" }]);
      expect(handle.reader!.answered).toBe(inside);
    });
    // An error in any of the three comes back as it is.
    await expect(readEither(handle.db, sql`SELECT 1 AS x`, sql`SELECT * FROM no_such_table`, sql`SELECT 1`)).rejects.toThrow(/no such table/);
  });

  it("keeps statements prepared by number, and forgets them all past two hundred without losing a query", async () => {
    const numbered = (n: number) => readOnly(handle.db, sql<{ n: number }>`SELECT ${sql.lit(n)} AS n, ${"again"} AS word`);
    for (let n = 0; n < 450; n++) {
      expect(await numbered(n)).toEqual([{ n, word: "again" }]);
      // Three new statements in one message, across the limit too.
      if (n % 7 === 0)
        expect(await readEither(handle.db, sql`SELECT ${sql.lit(n % 2)} AS odd`, sql`SELECT ${sql.lit(n)} AS odd_n`, sql`SELECT ${sql.lit(-n - 1)} AS even_n`)).toEqual(
          n % 2 ? [{ odd_n: n }] : [{ even_n: -n - 1 }],
        );
    }
    expect(await numbered(0)).toEqual([{ n: 0, word: "again" }]);
    expect(await numbered(449)).toEqual([{ n: 449, word: "again" }]);
  });

  it("sees a post as soon as it is committed, and a transaction's search sees that transaction's own post", async () => {
    await createThread(handle.db, groupId, authorId, { title: "Lantern", body: "A lantern by the door.", clientToken: null });
    expect((await searchPosts(handle.db, null, "lantern")).hits.map((h) => h.threadTitle)).toEqual(["Lantern"]);

    await handle.db.transaction().execute(async (tx) => {
      await createThread(tx, groupId, authorId, { title: "Compass", body: "The compass points home.", clientToken: null });
      expect((await searchPosts(tx, null, "compass")).hits.map((h) => h.threadTitle)).toEqual(["Compass"]);
    });
    expect((await searchPosts(handle.db, null, "compass")).hits.map((h) => h.threadTitle)).toEqual(["Compass"]);
  });

  it("refuses to change anything, and passes SQL errors on as they are", async () => {
    const count = async () => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM posts`.execute(handle.db)).rows[0]!.n);
    const before = await count();
    await expect(readOnly(handle.db, sql`DELETE FROM posts RETURNING id`)).rejects.toMatchObject({ code: "SQLITE_READONLY" });
    await expect(readOnly(handle.db, sql`DELETE FROM posts`)).rejects.toThrow(/does not return data/);
    expect(await count()).toBe(before);
    await expect(readOnly(handle.db, sql`SELECT * FROM no_such_table`)).rejects.toThrow(/no such table/);
    // The thread is still there for the next query.
    expect(await readOnly(handle.db, sql<{ one: number }>`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  it("tries again a statement that failed to prepare, also when it was sent a second time before the first failed", async () => {
    const later = () => readOnly(handle.db, sql<{ n: number }>`SELECT count(*) AS n FROM reader_later`);
    const missing = { status: "rejected", reason: { message: expect.stringMatching(/no such table: reader_later/) } };
    // The second goes by number only, sent before the thread said the first failed.
    expect(await Promise.allSettled([later(), later()])).toMatchObject([missing, missing]);
    await sql`CREATE TABLE reader_later (x INTEGER)`.execute(handle.db);
    expect(await later()).toEqual([{ n: 0 }]);
    await sql`DROP TABLE reader_later`.execute(handle.db);
  });

  it("answers on the main connection once the thread is gone, and stops with the connection", async () => {
    await createThread(handle.db, groupId, authorId, { title: "Lantern", body: "A lantern by the door.", clientToken: null });
    const other = createDb(`file:${file}`, { reader: true });
    expect((await searchPosts(other.db, null, "lantern")).hits).toHaveLength(1);
    expect(other.reader!.running).toBe(true);
    await other.reader!.close();
    expect(other.reader!.running).toBe(false);
    expect((await searchPosts(other.db, null, "lantern")).hits).toHaveLength(1);
    await other.db.destroy();

    // A thread that cannot start (its file is gone): the main connection answers, the log says
    // so, and after three failures the thread is no longer tried.
    let brokenQueries = 0;
    const count = () => brokenQueries++;
    const broken = createDb(`file:${file}`, { onQuery: count });
    const reader = new Reader(path.join(dir, "missing", "harbor.db"), count);
    attachReader(broken.db, reader);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      // A query that falls back is counted once, by the main connection.
      expect(await readOnly(broken.db, sql<{ one: number }>`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
      expect(brokenQueries).toBe(1);
      for (let i = 0; i < 2; i++) expect((await searchPosts(broken.db, null, "lantern")).hits).toHaveLength(1);
      expect(reader.available).toBe(false);
      expect(logged).toHaveBeenCalledTimes(3);
      expect(String(logged.mock.calls[2]![0])).toMatch(/reader thread stopped .*main connection from now on/);
      expect((await searchPosts(broken.db, null, "lantern")).hits).toHaveLength(1);
    } finally {
      logged.mockRestore();
      await broken.db.destroy();
    }

    const last = createDb(`file:${file}`, { reader: true });
    await readOnly(last.db, sql`SELECT 1`);
    expect(last.reader!.running).toBe(true);
    await last.db.destroy();
    expect(last.reader!.running).toBe(false);
  });
});
