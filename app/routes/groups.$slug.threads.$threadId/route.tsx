import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CrisisPanel } from "~/components/crisis-panel";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, fieldValue, fieldProps } from "~/components/forms";
import { MarkdownEditor, PreviewButtons } from "~/components/markdown-editor";
import { PostList, type PostListViewer } from "~/components/post-list";
import { Pagination } from "~/components/pagination";
import { BODY_MAX, markRead, pageCount, pageOfPosition, postHref, PostRuleError, replyToThread } from "~/models/threads.server";
import { deleteOwnPost, getPostContext, toggleReaction } from "~/models/posts.server";
import { getThreadPage } from "~/models/thread-pages.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { notFound, requireGroupThread } from "~/utils/groups.server";
import { randomId } from "~/utils/ids.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { clientTokenField, markdownField } from "~/utils/post-forms";
import { isReactionKind, REACTIONS } from "~/utils/reactions";
import { listedPosts } from "~/models/list-views.server";
import { crisisResourcesFor } from "~/models/crisis-directory.server";
import { editingBlock, moderationHooks, screenPost } from "~/models/posting-rules.server";
import { pageMeta, siteNameOf } from "~/utils/site-title";
import { blockRelations, mayQuotePost, mayReactToPost, NO_BLOCKS } from "~/policy";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(
    matches,
    data ? `${data.thread.title} · ${data.group.name}` : "Thread",
    data ? `A conversation in ${data.group.name}, a peer support group on ${siteNameOf(matches)}.` : undefined,
  );

const postIdField = z.coerce.number({ invalid_type_error: "Choose a post." }).int().positive();

// A reaction button sends only `kind` (one form per post holds all its buttons); that means "react".
const asReaction = (raw: unknown) => (raw && typeof raw === "object" && !("intent" in raw) && "kind" in raw ? { ...raw, intent: "react" } : raw);

export const threadActionSchema = z.preprocess(
  asReaction,
  z.discriminatedUnion(
    "intent",
    [
      z.object({
        intent: z.literal("reply"),
        body: markdownField("Your reply", BODY_MAX),
        clientToken: clientTokenField,
        quotePostId: z.coerce.number().int().positive().optional().catch(undefined),
      }),
      z.object({
        intent: z.literal("preview"),
        body: markdownField("Your reply", BODY_MAX),
        clientToken: clientTokenField,
        quotePostId: z.coerce.number().int().positive().optional().catch(undefined),
      }),
      z.object({ intent: z.literal("react"), postId: postIdField, kind: z.string().refine(isReactionKind, "Choose a reaction.") }),
      z.object({ intent: z.literal("delete"), postId: postIdField }),
    ],
    { errorMap: () => ({ message: "Choose what to do." }) },
  ),
);

function quoteOf(authorName: string, source: string): string {
  const text = source.length > 1200 ? `${source.slice(0, 1200)}…` : source;
  return `> **${authorName}** wrote:\n${text
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n")}\n\n`;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, auth, thread } = await requireGroupThread(request, context, params.slug, params.threadId, "read");
  const db = getDb();
  const url = new URL(request.url);
  const pages = pageCount(thread.post_count);
  const requested = Number(url.searchParams.get("page") ?? "1");
  const page = Number.isSafeInteger(requested) && requested >= 1 ? requested : 1;
  if (page > pages) throw redirect(`/groups/${access.group.slug}/threads/${thread.id}?page=${pages}`);

  const viewerId = auth?.user.id ?? null;
  const isModerator = access.isModerator;
  const canReply = access.canPost && thread.is_locked === 0 && thread.status === "published";
  const readBefore = viewerId ? (thread.read_count ?? 0) : null;
  const action = `/groups/${access.group.slug}/threads/${thread.id}?page=${page}`;
  const [rows, blocks] = await Promise.all([
    getThreadPage(db, thread, page, viewerId),
    // Moderators see everything in their groups; others' blocks are loaded once for the page, only when they have any.
    viewerId && thread.in_blocks && !isModerator ? blockRelations(db, viewerId) : NO_BLOCKS,
  ]);
  const lastShown = rows[rows.length - 1];
  // Written only when this page shows something new to the viewer.
  if (viewerId && lastShown?.position != null && lastShown.position + 1 > (readBefore ?? 0)) await markRead(db, viewerId, thread.id, lastShown.position + 1);
  const viewer: PostListViewer = {
    viewerId,
    signedIn: !!auth,
    canPost: access.canPost,
    isModerator,
    readBefore,
    action,
    quoteBase: canReply ? `/groups/${access.group.slug}/threads/${thread.id}?page=${pages}&quote=` : null,
  };

  let quote: { postId: number; text: string } | null = null;
  const quoteParam = Number(url.searchParams.get("quote"));
  if (access.canPost && Number.isSafeInteger(quoteParam) && quoteParam > 0) {
    const quoted = await getPostContext(db, quoteParam);
    if (quoted && quoted.thread_id === thread.id && mayQuotePost(auth ? auth.user : null, access, quoted)) {
      quote = { postId: quoted.id, text: quoteOf(quoted.author_name ?? "A member", quoted.body_source) };
    }
  }

  // After posting: "waiting for a moderator", or crisis resources when the post suggested danger.
  const notice = url.searchParams.get("notice");
  const crisis = notice === "crisis" && viewerId ? (await crisisResourcesFor(db, viewerId)).resources : null;
  return {
    group: { slug: access.group.slug, name: access.group.name },
    thread: {
      id: thread.id,
      title: thread.title,
      locked: thread.is_locked === 1,
      pinned: thread.is_pinned === 1,
      replies: Math.max(0, thread.post_count - 1),
      pending: thread.status === "pending",
      hidden: thread.hidden_at !== null,
      slowMode: thread.slow_mode_minutes,
    },
    notice: notice === "held" || notice === "held_word" || notice === "crisis" ? notice : null,
    crisis,
    page,
    pages,
    posts: listedPosts(rows, { viewerId, isModerator, zone: auth?.user.time_zone ?? "UTC", blocks }),
    viewer,
    canReply,
    isModerator: access.isModerator,
    signedIn: !!auth,
    // Only someone who can reply gets a reply form (and its double-submit token).
    clientToken: canReply ? randomId() : "",
    quote,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, auth, thread } = await requireGroupThread(request, context, params.slug, params.threadId, "post");
  const form = await parseForm(request, threadActionSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const userId = auth.user.id;
  const base = `/groups/${access.group.slug}/threads/${thread.id}`;
  const data = form.data;
  try {
    if (data.intent === "preview") {
      return {
        ok: false as const,
        preview: renderMarkdown(data.body),
        errors: {} as Record<string, string>,
        values: { body: data.body, clientToken: data.clientToken ?? "", quotePostId: String(data.quotePostId ?? "") },
      };
    }
    if (data.intent === "reply") {
      const screen = await screenPost(db, {
        user: auth.user,
        groupId: access.group.id,
        isModerator: access.isModerator,
        threadId: thread.id,
        body: data.body,
        clientToken: data.clientToken,
      });
      if (!screen.ok)
        return formFailure(
          { [screen.field]: screen.message },
          { body: data.body, clientToken: data.clientToken ?? "", quotePostId: String(data.quotePostId ?? "") },
          screen.status,
        );
      const reply = await replyToThread(db, thread.id, userId, { body: data.body, clientToken: data.clientToken, quotePostId: data.quotePostId, ...moderationHooks(screen) });
      if (screen.hold) return redirect(`${base}?page=${pageCount(thread.post_count)}&notice=${screen.heldFor === "word" ? "held_word" : "held"}#reply`);
      return redirect(`${base}?page=${pageOfPosition(reply.position)}${screen.crisis ? "&notice=crisis" : ""}#${screen.crisis ? "crisis-heading" : `post-${reply.position}`}`);
    }
    // Reacting and deleting: the post must be a live post of this thread.
    const post = await getPostContext(db, data.postId);
    if (!post || post.thread_id !== thread.id) throw notFound();
    const back = postHref(access.group.slug, thread.id, post.position ?? 0);
    if (data.intent === "react") {
      if (post.deleted_at) return formFailure({ form: "That post was removed, so it can't take reactions." }, {}, 409);
      // Held and hidden posts take no reactions, and do not exist for those who may not see them.
      if (!mayReactToPost(access, post)) throw notFound();
      await toggleReaction(db, post.id, userId, data.kind as keyof typeof REACTIONS);
      return redirect(back);
    }
    const blocked = await editingBlock(db, auth.user, access.group.id);
    if (blocked) return formFailure({ form: blocked }, {}, 403);
    await deleteOwnPost(db, post.id, userId);
    return redirect(back);
  } catch (error) {
    if (error instanceof PostRuleError) {
      const values: Record<string, string> = data.intent === "reply" ? { body: data.body, clientToken: data.clientToken ?? "" } : {};
      return formFailure({ form: error.message }, values, error.status);
    }
    throw error;
  }
}

export default function ThreadPage() {
  const { group, thread, page, pages, posts, viewer, canReply, signedIn, clientToken, quote, isModerator, notice, crisis } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = state?.errors ?? {};
  const preview = state && "preview" in state ? state.preview : undefined;
  const href = (p: number) => `/groups/${group.slug}/threads/${thread.id}?page=${p}`;
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/groups", label: "Groups" },
          { to: `/groups/${group.slug}`, label: group.name },
        ]}
        current="Thread"
      />
      <div>
        <h1>{thread.title}</h1>
        <p className="meta">
          {thread.replies} repl{thread.replies === 1 ? "y" : "ies"}
          {thread.pinned ? (
            <>
              {" "}
              · <span className="badge badge--pinned">Pinned</span>
            </>
          ) : null}
          {thread.locked ? (
            <>
              {" "}
              · <span className="badge badge--locked">Locked</span>
            </>
          ) : null}
          {thread.hidden ? (
            <>
              {" "}
              · <span className="badge badge--hidden">Hidden</span>
            </>
          ) : null}
          {thread.slowMode ? <> · Slow mode: one post every {thread.slowMode} min</> : null}
          {pages > 1 ? ` · page ${page} of ${pages}` : ""}
          {isModerator ? (
            <>
              {" "}
              ·{" "}
              <Link to={`/moderation/review/thread/${thread.id}`} className="small-link">
                Moderate thread
              </Link>
            </>
          ) : signedIn ? (
            <>
              {" "}
              ·{" "}
              <Link to={`/report?thread=${thread.id}`} className="small-link">
                Report thread
              </Link>
            </>
          ) : null}
        </p>
      </div>
      {crisis ? (
        <CrisisPanel
          heading="We're glad you reached out"
          resources={crisis}
          announce
          footer="A moderator has been asked to check in. They are peers, not counsellors — if you are in danger, please use the numbers above first."
        >
          <p>
            Your post is up, and what you wrote matters. It sounds like things are really hard right now. You don't have to get through this alone — people are ready to talk, any
            time, day or night:
          </p>
        </CrisisPanel>
      ) : null}
      {notice === "held" || notice === "held_word" || thread.pending ? (
        <p className="alert alert--info" role="status">
          {thread.pending ? "Your thread is waiting for a moderator" : "Your post is waiting for a moderator"}
          {notice === "held_word" ? ": it was held for a moderator to look at because of a word our community watches for. " : ". "}
          It will appear with its original time once it is approved, and we will let you know.
        </p>
      ) : null}
      <Pagination page={page} pages={pages} href={href} label="Thread pages" />
      <PostList posts={posts} viewer={viewer} />
      <Pagination page={page} pages={pages} href={href} label="Thread pages" />
      {canReply ? (
        <section aria-labelledby="reply-heading" id="reply" className="card">
          <h2 id="reply-heading">Reply</h2>
          <FormErrors state={state && Object.keys(errors).length ? state : undefined} />
          {/* A new form after each post (a fresh token) and for each quote, so the box shows what it should. */}
          <Form method="post" className="form form--wide" noValidate key={`${quote?.postId ?? "reply"}-${clientToken}`}>
            <input type="hidden" name="clientToken" value={fieldValue(state, "clientToken", clientToken)} />
            <input type="hidden" name="quotePostId" value={fieldValue(state, "quotePostId", quote ? String(quote.postId) : "")} />
            <MarkdownEditor {...fieldProps(state, "body", quote?.text ?? "")} label="Your reply" maxLength={BODY_MAX} rows={6} previewHtml={preview} />
            <PreviewButtons intent="reply">Post reply</PreviewButtons>
          </Form>
        </section>
      ) : thread.locked ? (
        <p className="alert alert--info">This thread is locked. You can read it, but it takes no new replies.</p>
      ) : !signedIn ? (
        <p className="card">
          <Link to={`/login?redirectTo=${encodeURIComponent(href(page))}`}>Sign in</Link> to reply.
        </p>
      ) : (
        <p className="card">
          <Link to={`/groups/${group.slug}`}>Join this group</Link> to reply.
        </p>
      )}
    </div>
  );
}
