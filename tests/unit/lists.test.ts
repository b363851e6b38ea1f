/**
 * The long lists (a thread's posts, a board's threads, search results) as the server renders
 * them: what each viewer is shown and can press, and that names and reasons stay text.
 */
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { PostList, type ListedPost, type PostListViewer } from "../../app/components/post-list";
import { ThreadList } from "../../app/components/thread-list";
import { SearchResults } from "../../app/components/search-results";
import { boardRows, searchResults } from "../../app/models/list-views.server";
import { escapeHtml } from "../../app/utils/html.server";

/** The element rendered to HTML as a page of a router would be (Link and Form need one). */
function render(element: ReactElement): string {
  const router = createMemoryRouter([{ path: "*", element }], { initialEntries: ["/groups/g/threads/1"] });
  // Without the comments React puts between adjacent texts.
  return renderToString(createElement(RouterProvider, { router })).replaceAll("<!-- -->", "");
}

describe("escapeHtml", () => {
  it("escapes the five characters that matter in content and quoted attributes", () => {
    expect(escapeHtml(`"&<>'`)).toBe("&quot;&amp;&lt;&gt;&#39;");
    expect(escapeHtml("plain words")).toBe("plain words");
  });
});

const post = (over: Partial<ListedPost> = {}): ListedPost => ({
  id: 7,
  position: 3,
  author: "Sam",
  authorId: "u-sam",
  createdAt: "Nov 27, 2026, 3:21 AM",
  edited: false,
  removed: false,
  removedBy: null,
  hidden: null,
  bodyHtml: "<p>Day 40 today.</p>",
  reactions: {},
  mine: [],
  crisis: false,
  ...over,
});
const visitor: PostListViewer = { viewerId: null, signedIn: false, canPost: false, isModerator: false, readBefore: null, action: "/groups/g/threads/1?page=1", quoteBase: null };
const member: PostListViewer = { ...visitor, viewerId: "u-me", signedIn: true, canPost: true, readBefore: 1, quoteBase: "/groups/g/threads/1?page=2&quote=" };
const posts = (list: ListedPost[], viewer: PostListViewer) => render(createElement(PostList, { posts: list, viewer }));

describe("the thread's post list", () => {
  it("shows a visitor the post, its author and its counts, with nothing to press", () => {
    const out = posts([post({ reactions: { support: 2 } })], visitor);
    expect(out).toContain('<li id="post-3" class="card post">');
    expect(out).toMatch(/<a class="post__author" id="post-3-author"[^>]* href="\/members\/u-sam">Sam<\/a>/);
    expect(out).toContain('<div class="prose"><p>Day 40 today.</p></div>');
    expect(out).toContain('<span class="reaction">Support <span class="reaction__count"> · 2</span></span>');
    expect(out).not.toContain("<form");
    expect(out).not.toContain("<button");
    expect(out).not.toContain("Report");
  });

  it("gives a member one form per post: reactions they gave pressed, quote, report, and a new-reply badge", () => {
    const out = posts([post({ reactions: { thanks: 1 }, mine: ["thanks"] })], member);
    expect(out).toMatch(
      /<form method="post" action="\/groups\/g\/threads\/1\?page=1" id="post-7-actions" class="post__actions"[^>]*><input type="hidden" name="postId" value="7"\/>/,
    );
    expect(out).toContain('<button type="submit" name="kind" value="thanks" class="reaction" aria-pressed="true">Thank you<span class="reaction__count"> · 1</span></button>');
    expect(out).toContain('<button type="submit" name="kind" value="support" class="reaction" aria-pressed="false">Support</button>');
    expect(out).toContain('href="/groups/g/threads/1?page=2&amp;quote=7#reply"');
    expect(out).toContain('href="/report?post=7"');
    expect(out).toContain('class="card post post--unread"');
    expect(out).toContain('<span class="badge badge--unread">New</span>');
    expect(out).not.toContain('value="delete"');
  });

  it("shows others a calm cue under a crisis post, without the cheering reactions (a reaction already given can be taken back)", () => {
    const out = posts([post({ crisis: true, reactions: { support: 1, proud: 1 } })], member);
    expect(out).toContain("This member may be struggling — a kind reply helps; if you&#x27;re worried, <a");
    expect(out).toMatch(/<p class="post__cue" role="note">[^]*href="\/report\?post=7"[^]*report it to a moderator<\/a>\.<\/p>/);
    expect(out).toContain('value="support"');
    expect(out).toContain('value="thanks"');
    expect(out).not.toContain('value="proud"');
    expect(out).not.toContain('value="me_too"');
    const given = posts([post({ crisis: true, reactions: { me_too: 1 }, mine: ["me_too"] })], member);
    expect(given).toContain('value="me_too" class="reaction" aria-pressed="true"');
    const plain = posts([post()], member);
    expect(plain).not.toContain("post__cue");
    expect(plain).toContain('value="proud"');
  });

  it("lets authors edit and delete their own posts, and never report them", () => {
    const out = posts([post({ authorId: "u-me", edited: true })], member);
    expect(out).toContain('href="/posts/7/edit"');
    expect(out).toContain('name="intent" value="delete"');
    expect(out).toContain('href="/posts/7/history"');
    expect(out).toContain(" · edited");
    expect(out).not.toContain("/report?post=7");
  });

  it("escapes names and reasons, and puts only the stored safe HTML in as HTML", () => {
    const out = posts([post({ author: "<script>alert(1)</script>", hidden: `<img src=x onerror=alert(1)>`, bodyHtml: "" })], member);
    expect(out).not.toContain("<script>");
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("Hidden by a moderator: &lt;img src=x onerror=alert(1)&gt;");
  });

  it("keeps a hidden post's words out unless they were given (moderators, the author), and removed posts say who removed them", () => {
    const hiddenForMember = posts([post({ hidden: "Off topic", bodyHtml: "" })], member);
    expect(hiddenForMember).toContain("Hidden by a moderator: Off topic");
    expect(hiddenForMember).not.toContain("<details");
    expect(hiddenForMember).not.toContain("<form");
    const forModerator = posts([post({ hidden: "Off topic" })], { ...member, isModerator: true });
    expect(forModerator).toContain(
      '<details class="post__hidden-body"><summary>Show the hidden post (moderators)</summary><div class="prose"><p>Day 40 today.</p></div></details>',
    );
    expect(forModerator).toContain('href="/moderation/review/post/7"');
    const removed = posts([post({ removed: true, removedBy: "moderator", bodyHtml: "", authorId: null, author: null })], member);
    expect(removed).toContain('<p class="post__removed">Post removed by a moderator.</p>');
    expect(removed).toContain('<span class="post__author" id="post-3-author">A former member</span>');
    expect(removed).not.toContain("<form");
  });
});

describe("a board's thread list", () => {
  const row = (over: Partial<Parameters<typeof boardRows>[0][number]> = {}) =>
    ({
      id: 12,
      title: "Evenings & <b>nights</b>",
      created_at: "2026-11-01T10:00:00.000Z",
      last_post_at: "2026-11-27T15:04:00.000Z",
      post_count: 45,
      is_pinned: 0,
      is_locked: 0,
      author_name: "Morgan",
      last_author_name: null,
      read_count: null,
      hidden_at: null,
      unread: 0,
      neverRead: false,
      ...over,
    }) as Parameters<typeof boardRows>[0][number];
  const viewer = { groupSlug: "circle", signedIn: true, zone: "America/New_York" };
  const board = (rows: Parameters<typeof boardRows>[0], v = viewer) => render(createElement(ThreadList, { threads: boardRows(rows, v) }));

  it("escapes titles and names, says who started and who wrote last, in the viewer's time zone", () => {
    const out = board([row()]);
    expect(out).toMatch(/<a[^>]* href="\/groups\/circle\/threads\/12">Evenings &amp; &lt;b&gt;nights&lt;\/b&gt;<\/a>/);
    expect(out).toContain("Started by Morgan · 44 replies · last by a former member, Nov 27, 2026, 10:04 AM");
    expect(out).not.toContain("badge");
  });

  it("marks pinned, locked, hidden and unread threads, and links a member to the first reply they haven't read", () => {
    const out = board([row({ is_pinned: 1, is_locked: 1, hidden_at: "2026-11-02T00:00:00.000Z", read_count: 41, unread: 4 })]);
    expect(out).toContain('<li class="unread">');
    expect(out).toContain('href="/groups/circle/threads/12?page=3#post-41"');
    for (const badge of ["Pinned", "Locked", "Hidden", "4 new"]) expect(out).toContain(`>${badge}</span>`);
    expect(board([row({ unread: 45, neverRead: true })])).toContain('<span class="badge badge--unread">New</span>');
    // A visitor has nothing unread.
    expect(board([row({ unread: 45, neverRead: true })], { ...viewer, signedIn: false })).not.toContain("unread");
  });
});

describe("search results", () => {
  it("escape titles and names, keep the highlighted snippet, and link replies to their page and place", () => {
    const hit = {
      postId: 9,
      position: 23,
      threadId: 4,
      threadTitle: `"Tapering" <fast>`,
      groupSlug: "circle",
      groupName: "Circle & co",
      authorName: null,
      authorId: null,
      groupId: 1,
      createdAt: "2026-11-27T15:04:00.000Z",
      snippetHtml: "a <mark>lighthouse</mark> &amp; more",
    };
    const out = render(createElement(SearchResults, { hits: searchResults([hit], "UTC") }));
    expect(out).toMatch(/<a[^>]* href="\/groups\/circle\/threads\/4\?page=2#post-23">Reply in “&quot;Tapering&quot; &lt;fast&gt;”<\/a>/);
    expect(out).toContain("Circle &amp; co · A former member · Nov 27, 2026, 3:04 PM");
    expect(out).toContain('<p class="search-snippet">a <mark>lighthouse</mark> &amp; more</p>');
  });
});
