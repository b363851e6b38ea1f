/**
 * A thread page's posts. Each post's words were sanitised when they were saved and are rendered
 * with one `PostBody` (memoised, so a revalidation after a reaction redraws only what changed).
 * A post's buttons (reactions, Delete) are one Remix `<Form>` per post; without JavaScript it is
 * an ordinary form that posts to the page and comes back to the post.
 */
import { Form, Link } from "@remix-run/react";
import { PostBody } from "./markdown-editor";
import { REACTION_KINDS, REACTIONS, type ReactionKind } from "../utils/reactions";
import { NewMark } from "./new-mark";

export interface ListedPost {
  id: number;
  position: number;
  author: string | null;
  authorId: string | null;
  /** Already in the viewer's time zone. */
  createdAt: string;
  edited: boolean;
  removed: boolean;
  removedBy: string | null;
  /** The moderator's reason, when hidden. */
  hidden: string | null;
  /** Sanitized when saved; "" when the viewer may not see the words. */
  bodyHtml: string;
  reactions: Partial<Record<ReactionKind, number>>;
  mine: ReactionKind[];
  /** Flagged for crisis language, seen by someone else: a calm cue, and no cheering reactions. */
  crisis: boolean;
  /** Written by a member the viewer blocked: collapsed, and the viewer may open it. */
  blockedAuthor?: boolean;
}

/** Cheering reactions, out of place under a post from someone who may be struggling (the server refuses them too). */
const CHEERING: readonly ReactionKind[] = ["proud", "me_too"];

export interface PostListViewer {
  viewerId: string | null;
  signedIn: boolean;
  canPost: boolean;
  isModerator: boolean;
  /** Posts from this position on are new to the viewer (null: a visitor). */
  readBefore: number | null;
  /** Where the post forms post (the page itself). */
  action: string;
  /** "…?page=N&quote=" when the viewer can reply: + post id quotes it. */
  quoteBase: string | null;
}

export function PostList({ posts, viewer }: { posts: readonly ListedPost[]; viewer: PostListViewer }) {
  return (
    <ol className="posts" aria-label="Posts">
      {posts.map((p) => (
        <Post key={p.id} post={p} viewer={viewer} />
      ))}
    </ol>
  );
}

function Post({ post: p, viewer: v }: { post: ListedPost; viewer: PostListViewer }) {
  if (p.blockedAuthor) return <BlockedPost post={p} />;
  const author = p.author ?? "A former member";
  const authorId = `post-${p.position}-author`;
  const isOwn = v.viewerId !== null && p.authorId === v.viewerId;
  const unread = v.readBefore !== null && v.readBefore > 0 && p.position >= v.readBefore;
  const classes = `card post${p.position === 0 ? " post--first" : ""}${unread ? " post--unread" : ""}`;
  return (
    <li id={`post-${p.position}`} className={classes}>
      <article aria-labelledby={authorId}>
        <header className="post__head">
          {p.authorId ? (
            <Link to={`/members/${p.authorId}`} className="post__author" id={authorId}>
              {author}
            </Link>
          ) : (
            <span className="post__author" id={authorId}>
              {author}
            </span>
          )}
          <span className="meta">
            {p.createdAt}
            {p.edited && !p.removed ? " · edited" : ""}
            <NewMark show={unread} />
          </span>
        </header>
        {p.removed ? (
          <p className="post__removed">{p.removedBy === "moderator" ? "Post removed by a moderator." : "Post removed by its author."}</p>
        ) : p.hidden !== null ? (
          <>
            <p className="post__hidden">Hidden by a moderator: {p.hidden}</p>
            {p.bodyHtml !== "" ? (
              <details className="post__hidden-body">
                <summary>{isOwn ? "Your post (only you and the moderators see it)" : "Show the hidden post (moderators)"}</summary>
                <PostBody html={p.bodyHtml} />
              </details>
            ) : null}
          </>
        ) : (
          <PostBody html={p.bodyHtml} />
        )}
        {p.crisis ? <CrisisCue post={p} viewer={v} /> : null}
        <PostActions post={p} viewer={v} author={author} isOwn={isOwn} />
      </article>
    </li>
  );
}

/** A post by a member the viewer blocked: one quiet line, the post behind a disclosure only they can open. */
function BlockedPost({ post: p }: { post: ListedPost }) {
  return (
    <li id={`post-${p.position}`} className="card post post--blocked">
      <details className="post__blocked">
        <summary>
          You blocked this member <span className="meta">· {p.createdAt}</span>
          <span className="visually-hidden"> — show the post</span>
        </summary>
        <p className="post__author">{p.author ?? "A former member"}</p>
        {p.removed ? <p className="post__removed">Post removed.</p> : p.hidden !== null ? <p className="post__hidden">Hidden by a moderator.</p> : <PostBody html={p.bodyHtml} />}
      </details>
    </li>
  );
}

function PostActions({ post: p, viewer: v, author, isOwn }: { post: ListedPost; viewer: PostListViewer; author: string; isOwn: boolean }) {
  if (p.removed || p.hidden !== null)
    return v.isModerator ? (
      <div className="post__actions">
        <ModLinks post={p} viewer={v} isOwn={isOwn} />
      </div>
    ) : null;
  const anyReaction = p.mine.length > 0 || Object.keys(p.reactions).length > 0;
  if (!(v.canPost || anyReaction || v.signedIn)) return null;
  if (v.canPost) {
    // One form holds all of a post's buttons: a reaction button sends `kind`, Delete sends `intent`.
    return (
      <Form method="post" action={v.action} id={`post-${p.id}-actions`} className="post__actions" preventScrollReset>
        <input type="hidden" name="postId" value={p.id} />
        {REACTION_KINDS.filter((kind) => !p.crisis || !CHEERING.includes(kind) || p.mine.includes(kind)).map((kind) => (
          <button key={kind} type="submit" name="kind" value={kind} className="reaction" aria-pressed={p.mine.includes(kind)}>
            {REACTIONS[kind]}
            {p.reactions[kind] ? <span className="reaction__count"> · {p.reactions[kind]}</span> : null}
          </button>
        ))}
        <PostLinks post={p} isOwn={isOwn} quoteBase={v.quoteBase} author={author} />
        <ModLinks post={p} viewer={v} isOwn={isOwn} />
      </Form>
    );
  }
  return (
    <div className="post__actions">
      {REACTION_KINDS.map((kind) =>
        p.reactions[kind] ? (
          <span key={kind} className="reaction">
            {REACTIONS[kind]} <span className="reaction__count"> · {p.reactions[kind]}</span>
          </span>
        ) : null,
      )}
      <PostLinks post={p} isOwn={false} quoteBase={null} author={author} />
      <ModLinks post={p} viewer={v} isOwn={isOwn} />
    </div>
  );
}

function CrisisCue({ post: p, viewer: v }: { post: ListedPost; viewer: PostListViewer }) {
  return (
    <p className="post__cue" role="note">
      This member may be struggling — a kind reply helps; if you're worried,{" "}
      {v.signedIn && !v.isModerator ? <Link to={`/report?post=${p.id}`}>report it to a moderator</Link> : "report it to a moderator"}.
    </p>
  );
}

function PostLinks({ post: p, isOwn, quoteBase, author }: { post: ListedPost; isOwn: boolean; quoteBase: string | null; author: string }) {
  return (
    <>
      {quoteBase ? (
        <Link to={`${quoteBase}${p.id}#reply`} className="small-link">
          Quote<span className="visually-hidden"> {author}</span>
        </Link>
      ) : null}
      {isOwn ? (
        <>
          <Link to={`/posts/${p.id}/edit`} className="small-link">
            Edit<span className="visually-hidden"> your post</span>
          </Link>
          <button type="submit" name="intent" value="delete" className="link-button link-button--small">
            Delete<span className="visually-hidden"> your post</span>
          </button>
        </>
      ) : null}
      {p.edited ? (
        <Link to={`/posts/${p.id}/history`} className="small-link">
          History
        </Link>
      ) : null}
    </>
  );
}

/** Report (members, not on their own posts) and Moderate (the group's moderators). */
function ModLinks({ post: p, viewer: v, isOwn }: { post: ListedPost; viewer: PostListViewer; isOwn: boolean }) {
  if (v.isModerator) {
    return (
      <Link to={`/moderation/review/post/${p.id}`} className="small-link">
        Moderate<span className="visually-hidden"> post {p.position + 1}</span>
      </Link>
    );
  }
  if (v.signedIn && !isOwn && !p.removed) {
    return (
      <Link to={`/report?post=${p.id}`} className="small-link">
        Report<span className="visually-hidden"> post {p.position + 1}</span>
      </Link>
    );
  }
  return null;
}
