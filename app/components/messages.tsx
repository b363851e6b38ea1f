/**
 * Private conversations: a conversation's messages (with Report on others' messages), and the
 * crisis resources shown to someone whose message suggested danger. Plain forms and links: every
 * control works without JavaScript.
 */
import { Link } from "@remix-run/react";
import { CrisisPanel, type CrisisResource } from "./crisis-panel";
import { PostBody } from "./markdown-editor";
import { NewMark } from "./new-mark";

export interface ShownMessage {
  id: number;
  authorId: string | null;
  author: string;
  html: string;
  createdAt: string;
  removed: boolean;
  mine: boolean;
  unread: boolean;
  /** Written by a member the viewer blocked: collapsed, openable. */
  blockedAuthor: boolean;
  /** Crisis language, seen by someone else: a calm cue. */
  crisisCue: boolean;
}

export function MessageList({ messages, conversationId }: { messages: readonly ShownMessage[]; conversationId: number }) {
  return (
    <ol className="messages" aria-label="Messages">
      {messages.map((m) => (
        <li key={m.id} id={`message-${m.id}`} className={`message${m.mine ? " message--mine" : ""}${m.unread ? " message--unread" : ""}`}>
          <article aria-labelledby={`message-${m.id}-author`}>
            <header className="message__head">
              <span className="message__author" id={`message-${m.id}-author`}>
                {m.mine ? "You" : m.author}
              </span>
              <span className="meta">
                {m.createdAt}
                <NewMark show={m.unread} />
              </span>
            </header>
            {m.removed ? (
              <p className="post__removed">Message removed.</p>
            ) : m.blockedAuthor ? (
              <details className="post__blocked">
                <summary>You blocked this member</summary>
                <PostBody html={m.html} />
              </details>
            ) : (
              <PostBody html={m.html} />
            )}
            {m.crisisCue ? (
              <p className="post__cue" role="note">
                {m.author} may be struggling. A kind word helps; if you're worried about their safety, you can report this message so a moderator can check in.
              </p>
            ) : null}
            {!m.mine && !m.removed && m.authorId ? (
              <p className="message__actions">
                <Link to={`/messages/${conversationId}/report/${m.id}`} className="small-link">
                  Report<span className="visually-hidden"> this message from {m.author}</span>
                </Link>
              </p>
            ) : null}
          </article>
        </li>
      ))}
    </ol>
  );
}

/** Shown to the author of a message with crisis language: it was sent, and help is one tap away. */
export function MessageCrisisPanel({ resources }: { resources: readonly CrisisResource[] }) {
  return (
    <CrisisPanel
      heading="We're glad you reached out"
      resources={resources}
      announce
      footer="The people you're writing to are peers, not counsellors. If you are in danger, please use the numbers above first."
    >
      <p>Your message was sent. It sounds like things are really hard right now. You don't have to get through this alone — people are ready to talk, any time, day or night:</p>
    </CrisisPanel>
  );
}
