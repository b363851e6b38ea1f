/** The review page's view of a reported private message: only the excerpt the report carried. */
import { PostBody } from "./markdown-editor";

export interface ExcerptShown {
  author: string;
  html: string;
  createdAt: string;
  removed: boolean;
  reported: boolean;
}

export function MessageExcerpt({ messages }: { messages: readonly ExcerptShown[] }) {
  return (
    <section aria-labelledby="excerpt-heading" className="card">
      <h2 id="excerpt-heading">What the report carried</h2>
      <p className="muted small">
        The reported message and the few before it, as they read when it was reported. The conversation itself stays private: there is no way into it from here.
      </p>
      {messages.length === 0 ? (
        <p className="muted">The excerpt can't be shown.</p>
      ) : (
        <ol className="excerpt-list" aria-label="Excerpt">
          {messages.map((m, i) => (
            <li key={i} className={`message${m.reported ? " excerpt-list__item--reported" : ""}`}>
              <p className="message__head">
                <span className="message__author">{m.author}</span> <span className="meta">{m.createdAt}</span>
                {m.reported ? <span className="badge badge--hidden">Reported</span> : null}
              </p>
              {m.removed ? <p className="post__removed">Message removed.</p> : <PostBody html={m.html} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
