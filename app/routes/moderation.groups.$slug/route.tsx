import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxField, Form, FormErrors, SavedMessage, SubmitButton, TextField, fieldProps } from "~/components/forms";
import { WatchedWordsEditor } from "~/components/watched-words";
import { getGroupModerationSettings, saveGroupModerationSettings } from "~/models/moderation.server";
import { listWatchedWords } from "~/models/posting-rules.server";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { notFound, requireGroup } from "~/utils/groups.server";
import { watchedWordAction } from "~/utils/watched-words-form.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Group moderation");

export const approvalSchema = z.object({
  intent: z.literal("approval"),
  approveFirstPosts: z.coerce.number({ invalid_type_error: "Enter a number." }).int("Enter a whole number.").min(0, "0 or more.").max(50, "At most 50."),
  approveAll: z.preprocess((v) => v === "on" || v === "1", z.boolean()),
});

async function requireGroupModerator(request: Request, context: Parameters<typeof requireGroup>[1], slug: string | undefined) {
  const { access, auth } = await requireGroup(request, context, slug, "read").catch((error: unknown) => {
    if (error instanceof Response && error.status === 302) throw error;
    throw notFound();
  });
  if (!auth || !access.isModerator) throw notFound();
  return { access, user: auth.user };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access } = await requireGroupModerator(request, context, params.slug);
  const db = getDb();
  const [settings, words] = await Promise.all([getGroupModerationSettings(db, access.group.id), listWatchedWords(db, access.group.id)]);
  return {
    group: { name: access.group.name, slug: access.group.slug },
    settings,
    words: words.map((w) => ({
      id: w.id,
      phrase: w.phrase,
      action: w.action,
      note: w.note ?? "",
      scope: w.groupId ? "This group" : "Every group",
      removable: w.groupId === access.group.id,
    })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, user } = await requireGroupModerator(request, context, params.slug);
  const intent = (await request.clone().formData()).get("intent");
  if (intent === "approval") {
    const form = await parseForm(request, approvalSchema);
    if (!form.ok) return rejectForm(form);
    await saveGroupModerationSettings(getDb(), user.id, access.group.id, { approveFirstPosts: form.data.approveFirstPosts, approveAll: form.data.approveAll });
    return { ok: true as const, message: "Post approval saved." };
  }
  return watchedWordAction(request, user.id, access.group.id);
}

export default function GroupModeration() {
  const { group, settings, words } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = (state && "errors" in state ? state.errors : undefined) ?? {};
  return (
    <div className="stack">
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <Link to="/moderation">Moderation</Link> › <span aria-current="page">{group.name}</span>
      </nav>
      <h1>{group.name}: moderation settings</h1>
      <SavedMessage state={state} />
      <section className="card" aria-labelledby="approval-heading">
        <h2 id="approval-heading">Post approval</h2>
        <p className="muted">Held posts wait in the review queue. Their authors see “waiting for a moderator”, and approved posts keep their original time.</p>
        <FormErrors state={state && errors.approveFirstPosts ? state : undefined} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="approval" />
          <TextField
            {...fieldProps(state, "approveFirstPosts", String(settings.approveFirstPosts))}
            label="Hold a new member's first posts in this group (how many)"
            hint="0: none."
            type="number"
            min={0}
            max={50}
            inputMode="numeric"
          />
          <CheckboxField name="approveAll" label="Approve every post (except moderators')" defaultChecked={settings.approveAll} />
          <SubmitButton>Save post approval</SubmitButton>
        </Form>
      </section>
      <h2>Watched words</h2>
      <WatchedWordsEditor words={words} state={state && "errors" in state && !errors.approveFirstPosts ? state : undefined} />
    </div>
  );
}
