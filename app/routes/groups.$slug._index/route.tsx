import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SavedMessage, SubmitButton, TextareaField, fieldProps } from "~/components/forms";
import { PostBody } from "~/components/markdown-editor";
import { SearchBox } from "~/components/search-box";
import { leaveGroup } from "~/models/groups.server";
import { GroupRuleError, joinPublicGroup, pendingRequestOf, requestToJoin, withdrawRequest } from "~/models/group-joining.server";
import { GROUP_KINDS } from "~/utils/group-labels";
import { listThreads } from "~/models/thread-pages.server";
import { ThreadList } from "~/components/thread-list";
import { boardRows } from "~/models/list-views.server";
import { postingSanction, sanctionMessage } from "~/models/moderation.server";
import { decodeCursor, encodeCursor } from "~/utils/cursor";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { requireGroup } from "~/utils/groups.server";
import { textField } from "~/utils/schemas";
import { formatDateTime } from "~/utils/time";
import { useSiteName, pageMeta, siteNameOf } from "~/utils/site-title";
import { blockRelations, NO_BLOCKS } from "~/policy";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(matches, data ? `${data.group.name}` : "Group", data ? `${data.group.name}, a peer support group on ${siteNameOf(matches)}.` : undefined);

const cursorSchema = z.object({ pinned: z.number().int(), lastPostAt: z.string().max(40), id: z.number().int() });

export const membershipSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("join") }),
    z.object({ intent: z.literal("request"), message: textField("Message", { max: 500, multiline: true }) }),
    z.object({ intent: z.literal("withdraw") }),
    z.object({ intent: z.literal("leave") }),
  ],
  { errorMap: () => ({ message: "Choose what to do." }) },
);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, auth } = await requireGroup(request, context, params.slug, "see");
  const db = getDb();
  const { group } = access;
  const zone = auth?.user.time_zone ?? "UTC";
  const url = new URL(request.url);
  const after = decodeCursor(url.searchParams.get("after"), cursorSchema);
  const board = access.canRead ? await listThreads(db, group.id, auth?.user.id ?? null, after, access.isModerator) : null;
  // Moderators see every thread in their groups; others' blocks are loaded once, only when they have any (the board's statement says).
  const blocks = auth && board?.inBlocks && !access.isModerator ? await blockRelations(db, auth.user.id) : NO_BLOCKS;
  const pending = auth && !access.isMember && group.visibility === "private" ? await pendingRequestOf(db, group.id, auth.user.id) : undefined;
  // A muted or banned member learns here, before writing anything, why they can't post and until when.
  const sanction = auth && access.canPost && !access.isModerator ? await postingSanction(db, auth.user.id, group.id) : null;
  return {
    sanction: sanction ? sanctionMessage(sanction, zone) : null,
    group: {
      slug: group.slug,
      name: group.name,
      kind: GROUP_KINDS[group.kind],
      visibility: group.visibility,
      descriptionHtml: group.description_html,
      guidelinesHtml: group.guidelines_html,
      memberCount: group.member_count,
    },
    viewer: {
      signedIn: !!auth,
      isMember: access.isMember,
      isModerator: access.isModerator,
      canRead: access.canRead,
      canPost: access.canPost,
      pendingSince: pending ? formatDateTime(pending.created_at, zone) : null,
    },
    threads: board ? boardRows(board.threads, { groupSlug: group.slug, signedIn: !!auth, zone, blocks }) : [],
    next: board?.next ? encodeCursor(board.next) : null,
    isFirstPage: !after,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, auth } = await requireGroup(request, context, params.slug, "see");
  if (!auth) return redirect(`/login?redirectTo=${encodeURIComponent(`/groups/${access.group.slug}`)}`);
  const form = await parseForm(request, membershipSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  try {
    switch (form.data.intent) {
      case "join":
        await joinPublicGroup(db, access, auth.user.id);
        return { ok: true as const, message: `Welcome to ${access.group.name}. You can post here now.` };
      case "request":
        await requestToJoin(db, access, auth.user.id, form.data.message);
        return { ok: true as const, message: "Your request is on its way. A moderator will answer it soon." };
      case "withdraw":
        await withdrawRequest(db, access.group.id, auth.user.id);
        return { ok: true as const, message: "You withdrew your request." };
      case "leave": {
        const left = await leaveGroup(db, access.group.id, auth.user.id);
        if (!left) return formFailure({ form: "You aren't a member of this group." }, {}, 409);
        // Leaving a hidden group means it no longer exists for you.
        if (access.group.visibility === "hidden") return redirect("/my-groups");
        return { ok: true as const, message: `You left ${access.group.name}. You're welcome back any time.` };
      }
    }
  } catch (error) {
    if (error instanceof GroupRuleError) return formFailure({ form: error.message }, form.data.intent === "request" ? { message: form.data.message } : {}, error.status);
    throw error;
  }
}

function MembershipPanel() {
  const { group, viewer } = useLoaderData<typeof loader>();
  const site = useSiteName();
  const state = useActionData<typeof action>();
  if (!viewer.signedIn) {
    return (
      <p className="card">
        <Link to={`/login?redirectTo=${encodeURIComponent(`/groups/${group.slug}`)}`}>Sign in</Link> or <Link to="/signup">join {site}</Link>{" "}
        {group.visibility === "public" ? "to post in this group." : "to ask to join this group."}
      </p>
    );
  }
  if (viewer.isMember) return null;
  if (group.visibility === "public") {
    return (
      <Form method="post" className="card">
        <p>Join to start threads, reply and react.</p>
        <SubmitButton name="intent" value="join">
          Join this group
        </SubmitButton>
      </Form>
    );
  }
  if (viewer.pendingSince) {
    return (
      <Form method="post" className="card">
        <p>You asked to join on {viewer.pendingSince}. A moderator will answer soon.</p>
        <SubmitButton variant="secondary" name="intent" value="withdraw">
          Withdraw my request
        </SubmitButton>
      </Form>
    );
  }
  if (group.visibility === "private" && !viewer.isModerator) {
    return (
      <Form method="post" className="card form" noValidate>
        <h2>Ask to join</h2>
        <p className="muted">This group is private. A moderator reads each request.</p>
        <TextareaField {...fieldProps(state, "message")} label="A few words for the moderators (optional)" rows={3} maxLength={500} />
        <div className="button-row">
          <SubmitButton name="intent" value="request">
            Ask to join
          </SubmitButton>
        </div>
      </Form>
    );
  }
  return null;
}

export default function GroupBoard() {
  const { group, viewer, threads, next, isFirstPage, sanction } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/groups", label: "Groups" }]} current={group.name} />
      <div className="page-head">
        <div>
          <h1>{group.name}</h1>
          <p className="meta">
            {group.kind}
            {group.visibility === "private" ? (
              <>
                {" "}
                · <span className="badge badge--private">Private</span>
              </>
            ) : null}
            {group.visibility === "hidden" ? (
              <>
                {" "}
                · <span className="badge badge--hidden">Hidden</span>
              </>
            ) : null}
            {" · "}
            {group.memberCount} member{group.memberCount === 1 ? "" : "s"}
          </p>
        </div>
        {viewer.canPost && !sanction ? (
          <Link to={`/groups/${group.slug}/new`} className="button button--primary">
            Start a thread
          </Link>
        ) : null}
      </div>
      {sanction ? (
        <p className="alert alert--info" role="status">
          {sanction}
        </p>
      ) : null}
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <PostBody html={group.descriptionHtml} />
      {group.guidelinesHtml ? (
        <details className="guidelines">
          <summary>House guidelines</summary>
          <PostBody html={group.guidelinesHtml} />
        </details>
      ) : null}
      <MembershipPanel />
      {viewer.isMember || viewer.isModerator ? (
        <nav aria-label="Group" className="button-row small">
          {viewer.isMember || viewer.isModerator ? <Link to={`/groups/${group.slug}/members`}>Members</Link> : null}
          <Link to={`/meetings?group=${group.slug}`}>Meetings</Link>
          {viewer.isModerator ? <Link to={`/meetings/new?group=${group.slug}`}>Add a meeting</Link> : null}
          {viewer.isModerator ? <Link to={`/groups/${group.slug}/requests`}>Join requests</Link> : null}
          {viewer.isModerator ? <Link to={`/groups/${group.slug}/invites`}>Invite links</Link> : null}
          {viewer.isModerator ? <Link to={`/groups/${group.slug}/settings`}>Group settings</Link> : null}
        </nav>
      ) : null}
      {viewer.canRead ? (
        <section aria-labelledby="threads-heading" className="stack">
          <h2 id="threads-heading">Threads</h2>
          <SearchBox id="group-search" label="Search this group" group={group.slug} />
          {threads.length === 0 ? <p className="muted">{isFirstPage ? "No threads yet. Start the first one." : "No more threads."}</p> : <ThreadList threads={threads} />}
          <nav className="pager" aria-label="More threads">
            {!isFirstPage ? <Link to={`/groups/${group.slug}`}>← Latest threads</Link> : <span />}
            {next ? <Link to={`/groups/${group.slug}?after=${next}`}>Older threads →</Link> : null}
          </nav>
        </section>
      ) : null}
      {viewer.isMember ? (
        <Form method="post" className="small">
          <SubmitButton variant="secondary" name="intent" value="leave">
            Leave this group
          </SubmitButton>
        </Form>
      ) : null}
    </div>
  );
}
