import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SubmitButton, TextField, fieldProps } from "~/components/forms";
import { MarkdownEditor, PreviewButtons } from "~/components/markdown-editor";
import { deleteJournalEntry, getJournalEntry, updateJournalEntry } from "~/models/recovery-journal.server";
import { JOURNAL_MAX } from "~/utils/recovery-limits";
import { now } from "~/utils/clock.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { markdownField } from "~/utils/post-forms";
import { dateField } from "~/utils/recovery-forms";
import { notFoundResponse, recoveryFailure, requireRecoveryOwner } from "~/utils/recovery.server";
import { localToday } from "~/utils/sobriety";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Journal entry · My recovery");

export const entrySchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), date: dateField("The date"), body: markdownField("Your entry", JOURNAL_MAX) }),
  z.object({ intent: z.literal("preview"), date: dateField("The date"), body: markdownField("Your entry", JOURNAL_MAX) }),
  z.object({ intent: z.literal("delete") }),
]);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const entry = await getJournalEntry(db, user.id, params.entryId ?? "");
  if (!entry) throw notFoundResponse();
  return { entry: { id: entry.id, date: entry.date, source: entry.source }, today: localToday(now(), timeZone) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const entryId = params.entryId ?? "";
  if (!(await getJournalEntry(db, user.id, entryId))) throw notFoundResponse();
  const form = await parseForm(request, entrySchema);
  if (!form.ok) return rejectForm(form);
  const data = form.data;
  try {
    if (data.intent === "delete") {
      await deleteJournalEntry(db, user.id, entryId);
      return redirect("/recovery/journal");
    }
    if (data.intent === "preview")
      return { ok: false as const, preview: renderMarkdown(data.body), values: { date: data.date, body: data.body }, errors: {} as Record<string, string> };
    await updateJournalEntry(db, user.id, entryId, data, timeZone);
  } catch (error) {
    return recoveryFailure(error, { ...data });
  }
  return redirect("/recovery/journal");
}

export default function JournalEntry() {
  const { entry, today } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = state?.errors ?? {};
  const preview = state && "preview" in state ? state.preview : undefined;
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/recovery/journal", label: "Journal" }]} current={`Entry of ${entry.date}`} />
      <h1>Edit your entry</h1>
      <FormErrors state={Object.keys(errors).length ? state : undefined} />
      <Form method="post" className="form form--wide" noValidate>
        <TextField {...fieldProps(state, "date", entry.date)} type="date" label="Date" required max={today} />
        <MarkdownEditor {...fieldProps(state, "body", entry.source)} label="Your entry" maxLength={JOURNAL_MAX} rows={12} previewHtml={preview} />
        <PreviewButtons intent="save">Save changes</PreviewButtons>
      </Form>
      <Form method="post" className="inline-form">
        <SubmitButton variant="danger" name="intent" value="delete">
          Delete this entry
        </SubmitButton>
      </Form>
    </div>
  );
}
