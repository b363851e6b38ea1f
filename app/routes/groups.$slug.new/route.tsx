import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, TextField, fieldValue, fieldProps } from "~/components/forms";
import { MarkdownEditor, PreviewButtons } from "~/components/markdown-editor";
import { BODY_MAX, createThread, TITLE_MAX } from "~/models/threads.server";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { requireGroup } from "~/utils/groups.server";
import { formFailure } from "~/utils/forms.server";
import { moderationHooks, screenPost } from "~/models/posting-rules.server";
import { randomId } from "~/utils/ids.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { clientTokenField, intentField, markdownField, titleField } from "~/utils/post-forms";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Start a thread");

export const newThreadSchema = z.object({
  intent: intentField,
  title: titleField,
  body: markdownField("Your post", BODY_MAX),
  clientToken: clientTokenField,
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access } = await requireGroup(request, context, params.slug, "post");
  return { group: { slug: access.group.slug, name: access.group.name }, clientToken: randomId() };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, auth } = await requireGroup(request, context, params.slug, "post");
  const form = await parseForm(request, newThreadSchema);
  if (!form.ok) return rejectForm(form);
  const { intent, title, body, clientToken } = form.data;
  if (intent === "preview") {
    return { ok: false as const, preview: renderMarkdown(body), values: { title, body, clientToken: clientToken ?? "" }, errors: {} };
  }
  const db = getDb();
  const screen = await screenPost(db, { user: auth.user, groupId: access.group.id, isModerator: access.isModerator, threadId: null, title, body, clientToken });
  if (!screen.ok) return formFailure({ [screen.field]: screen.message }, { title, body, clientToken: clientToken ?? "" }, screen.status);
  const { threadId } = await createThread(db, access.group.id, auth.user.id, { title, body, clientToken, ...moderationHooks(screen) });
  const notice = screen.hold ? `?notice=${screen.heldFor === "word" ? "held_word" : "held"}` : screen.crisis ? "?notice=crisis" : "";
  return redirect(`/groups/${access.group.slug}/threads/${threadId}${notice}`);
}

export default function NewThread() {
  const { group, clientToken } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = state?.errors ?? {};
  const preview = state && "preview" in state ? state.preview : undefined;
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/groups", label: "Groups" },
          { to: `/groups/${group.slug}`, label: group.name },
        ]}
        current="New thread"
      />
      <h1>Start a thread</h1>
      <p className="muted">Speak from your own experience. Please don't share anyone else's story without their say-so.</p>
      <FormErrors state={state && Object.keys(errors).length ? state : undefined} />
      <Form method="post" className="form form--wide" noValidate>
        <input type="hidden" name="clientToken" value={fieldValue(state, "clientToken", clientToken)} />
        <TextField {...fieldProps(state, "title")} label="Title" required maxLength={TITLE_MAX} />
        <MarkdownEditor {...fieldProps(state, "body")} label="Your post" maxLength={BODY_MAX} rows={10} previewHtml={preview} />
        <PreviewButtons intent="post">Post thread</PreviewButtons>
      </Form>
    </div>
  );
}
