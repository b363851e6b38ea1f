import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, fieldProps } from "~/components/forms";
import { MarkdownEditor, PreviewButtons } from "~/components/markdown-editor";
import { BODY_MAX, postHref, PostRuleError } from "~/models/threads.server";
import { editPost } from "~/models/posts.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { intentField, markdownField } from "~/utils/post-forms";
import { requirePost } from "~/utils/posts.server";
import { editingBlock } from "~/models/posting-rules.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Edit your post");

export const editSchema = z.object({ intent: intentField, body: markdownField("Your post", BODY_MAX) });

/** Only the author edits, and only while a member of the group and the post is still there. */
async function requireOwnPost(request: Request, context: Parameters<typeof requirePost>[1], postId: string | undefined) {
  const { auth, post, access } = await requirePost(request, context, postId);
  if (post.deleted_at) throw new Response("That post was removed.", { status: 404 });
  if (post.author_id !== auth.user.id) throw new Response("You can only edit your own posts.", { status: 403 });
  if (!access.canPost) throw new Response("Only members of this group can edit their posts here.", { status: 403 });
  return { auth, post, access, back: postHref(access.group.slug, post.thread_id, post.position ?? 0) };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { post, access, back } = await requireOwnPost(request, context, params.postId);
  return { body: post.body_source, threadTitle: post.title, group: { slug: access.group.slug, name: access.group.name }, back };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { auth, post, back } = await requireOwnPost(request, context, params.postId);
  const form = await parseForm(request, editSchema);
  if (!form.ok) return rejectForm(form);
  if (form.data.intent === "preview")
    return { ok: false as const, preview: renderMarkdown(form.data.body), errors: {} as Record<string, string>, values: { body: form.data.body } };
  const blocked = await editingBlock(getDb(), auth.user, post.group_id, form.data.body);
  if (blocked) return formFailure({ form: blocked }, { body: form.data.body }, 403);
  try {
    await editPost(getDb(), post.id, auth.user.id, form.data.body);
  } catch (error) {
    if (error instanceof PostRuleError) return formFailure({ form: error.message }, { body: form.data.body }, error.status);
    throw error;
  }
  return redirect(back);
}

export default function EditPost() {
  const { body, threadTitle, group, back } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = state?.errors ?? {};
  const preview = state && "preview" in state ? state.preview : undefined;
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/groups", label: "Groups" },
          { to: `/groups/${group.slug}`, label: group.name },
          { to: back, label: threadTitle },
        ]}
        current="Edit"
      />
      <h1>Edit your post</h1>
      <p className="muted">Others will see that the post was edited. The earlier version is kept in its history, which you and the group's moderators can see.</p>
      <FormErrors state={state && Object.keys(errors).length ? state : undefined} />
      <Form method="post" className="form form--wide" noValidate>
        <MarkdownEditor {...fieldProps(state, "body", body)} label="Your post" maxLength={BODY_MAX} rows={10} previewHtml={preview} />
        <PreviewButtons intent="post" after={<Link to={back}>Cancel</Link>}>
          Save changes
        </PreviewButtons>
      </Form>
    </div>
  );
}
