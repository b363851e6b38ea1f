/**
 * Full-text search over threads and replies, behind one function for both databases (the only
 * dialect-specific SQL in the data layer): SQLite FTS5 ranked by bm25 (newest first for a word in
 * very many posts), or PostgreSQL's tsvector ranked by ts_rank; snippets are cut from the hits'
 * own text. Results come only from groups the searcher may read — public groups and their own —
 * never from deleted posts or threads.
 */
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { dialectOf } from "../../db/client";
import { readEither, readOnly } from "../../db/reader";
import { HTML_ESCAPES } from "../utils/html.server";
import { groupReadableSql, inAnyBlockSql } from "../policy";

export const SEARCH_PAGE_SIZE = 20;
export const SEARCH_MAX_PAGES = 10;
/**
 * Ranking is done among the newest this-many matches: both engines fetch those through their
 * index in order, while ranking every match of a common word across a million posts would take
 * a tenth of a second. Rarer words (the usual search) are ranked across all their matches. Ten
 * pages of twenty is all a search shows, so this is half again as many as can ever be shown.
 */
export const SEARCH_CANDIDATES = 300;
// Sentinels around highlighted words: the snippet is HTML-escaped first, then these become <mark>.
const MARK_START = "\u0001";
const MARK_END = "\u0002";

/** Plain text of a post's stored safe HTML, for the index. */
export function plainText(html: string): string {
  return html
    .replace(/<\/(p|li|blockquote|h\d|tr|pre)>/g, "\n")
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\n{2,}/g, "\n")
    .trim();
}

const HIGHLIGHTED: Readonly<Record<string, string>> = { ...HTML_ESCAPES, [MARK_START]: "<mark>", [MARK_END]: "</mark>" };

/**
 * A snippet with sentinels → safe HTML with <mark> around the matched words: escaped as
 * escapeHtml does, other control characters up to U+0008 dropped, in one pass over the text.
 */
export function highlight(snippet: string): string {
  // eslint-disable-next-line no-control-regex -- \u0001 and \u0002 are the match marks the database puts around a hit (see snippet queries)
  return snippet.replace(/[\u0001-\u0008&<>"']/g, (c) => HIGHLIGHTED[c] ?? "");
}

/**
 * About 24 words of `text` around the first word that starts with one of `terms`, with every
 * such word between sentinels (turned into <mark> by highlight()). Twenty of these make a page of
 * results, of posts that may be long: plain ASCII text (most posts) is read only around its first
 * hit, found where a term appears, instead of word by word from the start (a post of 2,300
 * characters with its hit near the end: 40–50 → 6–11 µs).
 */
export function makeSnippet(text: string, terms: string[], words = 24): string {
  const isHit = (word: string, ascii: boolean) => {
    const w = comparable(word, ascii);
    if (w.length === 0) return false;
    for (const t of terms) if (w.startsWith(t)) return true;
    return false;
  };
  if (!NON_ASCII.test(text)) return asciiSnippet(text, terms, words, (word) => isHit(word, true));
  const all = text.split(WHITESPACE);
  // Whitespace at either end leaves an empty string there; nowhere else.
  if (all[0] === "") all.shift();
  if (all.length > 0 && all[all.length - 1] === "") all.pop();
  const firstHit = all.findIndex((word) => isHit(word, false));
  const start = Math.max(0, (firstHit < 0 ? 0 : firstHit) - Math.floor(words / 3));
  const end = Math.min(all.length, start + words);
  const parts = all.slice(start, end).map((word, i) => (start + i === firstHit || (firstHit >= 0 && start + i > firstHit && isHit(word, false)) ? mark(word) : word));
  return `${start > 0 ? "…" : ""}${parts.join(" ")}${end < all.length ? "…" : ""}`;
}

const WHITESPACE = /\s+/;
/** What `\s` matches in ASCII. */
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** makeSnippet for plain ASCII text, by character positions: the same words, the same marks. */
function asciiSnippet(text: string, terms: string[], words: number, isHit: (word: string) => boolean): string {
  const length = text.length;
  const lower = text.toLowerCase();
  // The first hit: a word starts with a term only where that term appears, so only the words
  // where a term appears are looked at, from the first such place on.
  let hitStart = -1;
  for (let from = 0; ;) {
    let at = -1;
    for (const t of terms) {
      const found = lower.indexOf(t, from);
      if (found >= 0 && (at < 0 || found < at)) at = found;
    }
    if (at < 0) break;
    let wordStart = at;
    while (wordStart > 0 && !isSpace(text.charCodeAt(wordStart - 1))) wordStart--;
    let wordEnd = at;
    while (wordEnd < length && !isSpace(text.charCodeAt(wordEnd))) wordEnd++;
    if (isHit(text.slice(wordStart, wordEnd))) {
      hitStart = wordStart;
      break;
    }
    from = wordEnd;
  }
  // The first word shown: a third of the snippet before the hit, or the text's first word.
  let start = 0;
  let earlier = false;
  if (hitStart >= 0) {
    start = hitStart;
    for (let back = 0; back <= Math.floor(words / 3); back++) {
      let p = start;
      while (p > 0 && isSpace(text.charCodeAt(p - 1))) p--;
      if (p === 0) break;
      if (back === Math.floor(words / 3)) {
        earlier = true; // a word before the first one shown
        break;
      }
      while (p > 0 && !isSpace(text.charCodeAt(p - 1))) p--;
      start = p;
    }
  }
  let out = earlier ? "…" : "";
  let p = start;
  for (let taken = 0; taken < words; taken++) {
    while (p < length && isSpace(text.charCodeAt(p))) p++;
    if (p >= length) break;
    let q = p;
    while (q < length && !isSpace(text.charCodeAt(q))) q++;
    const word = text.slice(p, q);
    if (taken > 0) out += " ";
    out += p === hitStart || (hitStart >= 0 && p > hitStart && isHit(word)) ? mark(word) : word;
    p = q;
  }
  while (p < length && isSpace(text.charCodeAt(p))) p++;
  return p < length ? `${out}…` : out;
}

const MARKED_WORD = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;

/** A word between sentinels, punctuation around it left outside. */
function mark(token: string): string {
  const [, before = "", word = "", after = ""] = MARKED_WORD.exec(token) ?? [];
  return `${before}${MARK_START}${word}${MARK_END}${after}`;
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included, on purpose
const NON_ASCII = /[^\x00-\x7f]/;
const LEADING_MARKS = /^[^\p{L}\p{N}]+/u;

/**
 * A word as search terms are written: NFKC, lower case, without leading punctuation. Plain
 * ASCII (most words) skips normalizing, which leaves it as it is, and costs a microsecond a word.
 */
function comparable(token: string, ascii = false): string {
  const lower = !ascii && NON_ASCII.test(token) ? token.normalize("NFKC").toLowerCase() : token.toLowerCase();
  const first = lower.charCodeAt(0);
  return (first >= 97 && first <= 122) || (first >= 48 && first <= 57) ? lower : lower.replace(LEADING_MARKS, "");
}

/**
 * English stop words: PostgreSQL's `english` configuration drops these from a query (Snowball's
 * list), so SQLite does too. Both engines then answer alike, and a query for "the" doesn't make
 * SQLite weigh a word found in nearly every post.
 */
const STOP_WORDS = new Set(
  (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself " +
    "it its itself they them their theirs themselves what which who whom this that these those am is are was were be " +
    "been being have has had having do does did doing a an the and but if or because as until while of at by for with " +
    "about against between into through during before after above below to from up down in out on off over under again " +
    "further then once here there when where why how all any both each few more most other some such no nor not only own " +
    "same so than too very s t can will just don should now"
  ).split(" "),
);

/** The words of a query (letters and digits only, stop words left out), at most 12: what both engines are asked for. */
export function searchTerms(query: string): string[] {
  return (
    query
      .normalize("NFKC")
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  )
    .filter((t) => t.length <= 64 && !STOP_WORDS.has(t))
    .slice(0, 12);
}

/** Puts a post into the index, or refreshes it after an edit. `title` is the thread's, for an opening post. */
export async function indexPost(db: Kysely<Database>, postId: number, title: string, bodyHtml: string): Promise<void> {
  const body = plainText(bodyHtml);
  if (dialectOf(db) === "postgres") {
    await sql`UPDATE posts SET search_vector = setweight(to_tsvector('english', ${title}), 'A') || setweight(to_tsvector('english', ${body}), 'B') WHERE id = ${postId}`.execute(
      db,
    );
  } else {
    await sql`DELETE FROM post_search WHERE rowid = ${-postId}`.execute(db);
    await sql`INSERT INTO post_search (rowid, title, body, grp) SELECT ${-postId}, ${title}, ${body}, 'g' || group_id FROM posts WHERE id = ${postId}`.execute(db);
  }
}

/** Takes a post out of the index (it was removed). */
export async function unindexPost(db: Kysely<Database>, postId: number): Promise<void> {
  if (dialectOf(db) === "postgres") await sql`UPDATE posts SET search_vector = NULL WHERE id = ${postId}`.execute(db);
  else await sql`DELETE FROM post_search WHERE rowid = ${-postId}`.execute(db);
}

/** After a thread moves to another group: its posts are found in their new group's searches. */
export async function reindexThreadGroup(db: Kysely<Database>, threadId: number): Promise<void> {
  if (dialectOf(db) === "postgres") return; // PostgreSQL's search reads posts.group_id itself.
  await sql`UPDATE post_search SET grp = (SELECT 'g' || group_id FROM posts WHERE posts.id = -post_search.rowid)
            WHERE rowid IN (SELECT -id FROM posts WHERE thread_id = ${threadId})`.execute(db);
}

/**
 * SQLite: merges the full-text index's segments into one, a small step at a time. FTS5 writes
 * each new post as a small segment and merges them only as far as keeps their number
 * logarithmic; every search then looks a word up in each segment (22 of them on the benchmark's
 * million posts: a rare word took 0.1 ms to find instead of 0.02, a common word's ranking twice as
 * long). Each step does a few pages of work (mostly 1-2 ms, at most tens of ms) and the loop lets
 * requests run in between. Run daily by the scheduled upkeep; PostgreSQL's GIN index needs none.
 * Returns the steps taken (0 on PostgreSQL; 1 when the index was already in one segment).
 */
export async function tidySearchIndex(db: Kysely<Database>, options: { maxSteps?: number; pagesPerStep?: number } = {}): Promise<number> {
  if (dialectOf(db) === "postgres") return 0;
  const maxSteps = options.maxSteps ?? 1000;
  const structure = async () => (await sql<{ block: Uint8Array }>`SELECT block FROM post_search_data WHERE id = 10`.execute(db)).rows[0]?.block;
  let steps = 0;
  while (steps < maxSteps) {
    const before = await structure();
    // A negative page count merges toward a single segment (FTS5's incremental 'optimize').
    await sql`INSERT INTO post_search(post_search, rank) VALUES ('merge', ${-(options.pagesPerStep ?? 20)})`.execute(db);
    steps++;
    const after = await structure();
    if (!before || !after || Buffer.compare(Buffer.from(before), Buffer.from(after)) === 0) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return steps;
}

export interface SearchHit {
  postId: number;
  position: number;
  threadId: number;
  threadTitle: string;
  groupSlug: string;
  groupName: string;
  authorName: string | null;
  authorId: string | null;
  groupId: number;
  createdAt: string;
  snippetHtml: string;
}

export interface SearchOptions {
  /** Only this group (by id). */
  groupId?: number;
  page?: number;
  /** How many of the newest matches are ranked (tests lower it). */
  candidates?: number;
}

function postgresCandidates(terms: string[], groupId: number | undefined, limit: number) {
  return sql`SELECT id, ts_rank(search_vector, to_tsquery('english', ${terms.join(" & ")})) AS score
            FROM posts WHERE search_vector @@ to_tsquery('english', ${terms.join(" & ")})
            ${groupId ? sql`AND group_id = ${groupId}` : sql``}
            ORDER BY id DESC LIMIT ${limit}`;
}

/**
 * SQLite: FTS5's query for the matches (rowid -id, so ascending rowid is newest first). bm25
 * first counts every post that holds each word (its rarity): for a word in more posts than are
 * ranked (22,000 of the benchmark's million for a common one) that count alone took 1.5 ms. So a
 * cheap look decides (sqliteHasMany): fewer matches than `limit`, and bm25 ranks them all; more,
 * and bm25 is never called: the newest `limit` come newest first, read in order until a page is
 * full (joining the first page's posts only, not all `limit`). (FTS5 reads matches in rowid order
 * cheaply but cannot stop a column-filtered read, like "is it in the title", at a rowid bound:
 * scoring titles cost as much as bm25.)
 */
function sqliteMatch(terms: string[], groupId: number | undefined): string {
  return `{title body} : (${terms.map((t) => `"${t}"`).join(" ")})${groupId ? ` AND grp : "g${groupId}"` : ""}`;
}

/** SQLite: does the word have at least `limit` matches? (1 or 0) */
function sqliteHasMany(match: string, limit: number) {
  return sql<{ many: number }>`SELECT count(*) >= ${limit} AS many FROM (SELECT 1 FROM post_search WHERE post_search MATCH ${match} ORDER BY rowid LIMIT ${limit})`;
}

function sqliteRanked(match: string, limit: number) {
  return sql`SELECT -rowid AS id, -bm25(post_search, 5.0, 1.0, 0.0) AS score
            FROM post_search WHERE post_search MATCH ${match} ORDER BY rowid LIMIT ${limit}`;
}

/**
 * Ranked matches the viewer may read. `viewer` null is a visitor (public groups only); a site
 * admin reads everything.
 */
export async function searchPosts(
  db: Kysely<Database>,
  viewer: { id: string; role: string } | null,
  query: string,
  options: SearchOptions = {},
): Promise<{ hits: SearchHit[]; hasMore: boolean; searchable: boolean; inBlocks: boolean }> {
  const terms = searchTerms(query);
  // Nothing to look for (only very common words, or no letters at all): the page says so.
  if (terms.length === 0) return { hits: [], hasMore: false, searchable: false, inBlocks: false };
  const page = Math.min(Math.max(1, options.page ?? 1), SEARCH_MAX_PAGES);
  const offset = (page - 1) * SEARCH_PAGE_SIZE;
  const readable = groupReadableSql(viewer, { id: "g.id", visibility: "g.visibility" });
  const inGroup = options.groupId ? sql`AND p.group_id = ${options.groupId}` : sql``;
  const limit = options.candidates ?? SEARCH_CANDIDATES;

  // The one difference between the engines: how the newest matching posts and their scores are
  // found (higher score = better match on both). Both match whole words by their English stem
  // ("walk" finds "walking" and "walks"), never a word's beginning: FTS5 would gather every word
  // starting with the term before taking the newest (a tenth of a second for a common one, more
  // for a single letter), and PostgreSQL's to_tsquery doesn't do it either.
  // A group's search looks among that group's matches only (SQLite: the `grp` token of the index).
  type Row = {
    post_id: number;
    position: number;
    thread_id: number;
    title: string;
    slug: string;
    group_name: string;
    author_name: string | null;
    author_id: string | null;
    group_id: number;
    created_at: string;
    body_html: string;
    in_blocks: number;
  };
  // in_blocks: whether the viewer is in any block (one uncorrelated look, as on the thread page; a site admin moderates everywhere); only then does the page load their blocks.
  const inBlocks = viewer && viewer.role !== "admin" ? sql`CASE WHEN ${inAnyBlockSql(viewer.id)} THEN 1 ELSE 0 END` : sql`0`;
  const details = sql`p.id AS post_id, p.position, p.thread_id, t.title, g.slug, g.name AS group_name, u.display_name AS author_name, p.author_id, g.id AS group_id, p.created_at, p.body_html, ${inBlocks} AS in_blocks`;
  const joins = sql`JOIN threads t ON t.id = p.thread_id
    JOIN groups g ON g.id = p.group_id
    LEFT JOIN users u ON u.id = p.author_id`;
  const shown = sql`p.deleted_at IS NULL AND p.status = 'published' AND t.deleted_at IS NULL
      AND p.hidden_at IS NULL AND t.hidden_at IS NULL AND t.status = 'published'
      AND ${readable} ${inGroup}`;
  const pageOf = sql`LIMIT ${SEARCH_PAGE_SIZE + 1} OFFSET ${offset}`;
  // Ranked matches are put in order first (at most `limit` ids and scores) and then joined in
  // that order, so the joins stop once the page is full instead of running for every candidate
  // (a word in 131 posts: 0.36 → 0.23 ms on SQLite).
  const ranked = (candidates: ReturnType<typeof sqliteRanked>) => sql<Row>`
    WITH candidates AS MATERIALIZED (${candidates}),
    ranked AS MATERIALIZED (SELECT id, score FROM candidates ORDER BY score DESC, id DESC)
    SELECT ${details}
    FROM ranked c
    JOIN posts p ON p.id = c.id
    ${joins}
    WHERE ${shown}
    ORDER BY c.score DESC, c.id DESC
    ${pageOf}`;
  let rows: Row[];
  if (dialectOf(db) === "sqlite") {
    const match = sqliteMatch(terms, options.groupId);
    const newest = sql<Row>`
    SELECT ${details}
    FROM (SELECT rowid AS r FROM post_search WHERE post_search MATCH ${match} ORDER BY rowid LIMIT ${limit}) newest
    JOIN posts p ON p.id = -newest.r
    ${joins}
    WHERE ${shown}
    ORDER BY newest.r
    ${pageOf}`;
    // Many matches: the newest, newest first; fewer: all of them ranked. One round trip to the
    // reader thread for both statements.
    rows = await readEither(db, sqliteHasMany(match, limit), newest, ranked(sqliteRanked(match, limit)));
  } else {
    rows = await readOnly(db, ranked(postgresCandidates(terms, options.groupId, limit)));
  }
  // Snippets for the page's hits only, from their own text (asking FTS5 for snippet() of a few
  // rows would make it evaluate every match again).
  return {
    hits: rows.slice(0, SEARCH_PAGE_SIZE).map((r) => ({
      postId: r.post_id,
      position: r.position,
      threadId: r.thread_id,
      threadTitle: r.title,
      groupSlug: r.slug,
      groupName: r.group_name,
      authorName: r.author_name,
      authorId: r.author_id,
      groupId: r.group_id,
      createdAt: r.created_at,
      snippetHtml: highlight(makeSnippet(plainText(r.body_html), terms)),
    })),
    hasMore: rows.length > SEARCH_PAGE_SIZE && page < SEARCH_MAX_PAGES,
    searchable: true,
    inBlocks: rows.length > 0 && Number(rows[0]!.in_blocks) === 1,
  };
}
