import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, TextField, fieldProps } from "~/components/forms";
import { MarkdownEditor, PreviewButtons } from "~/components/markdown-editor";
import { createJournalEntry, listJournalEntries } from "~/models/recovery-journal.server";
import { JOURNAL_MAX } from "~/utils/recovery-limits";
import { now } from "~/utils/clock.server";
import { decodeCursor, encodeCursor } from "~/utils/cursor";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { markdownField } from "~/utils/post-forms";
import { dateField } from "~/utils/recovery-forms";
import { recoveryFailure, requireRecoveryOwner } from "~/utils/recovery.server";
import { localToday } from "~/utils/sobriety";
import { showShortDate } from "~/components/recovery-charts";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Journal · My recovery");

export const journalSchema = z.object({
  intent: z.enum(["save", "preview"]).default("save"),
  date: dateField("The date"),
  body: markdownField("Your entry", JOURNAL_MAX),
});

const cursorSchema = z.object({ date: z.string().max(10), id: z.number().int().positive() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const after = decodeCursor(new URL(request.url).searchParams.get("after"), cursorSchema);
  const { entries, next } = await listJournalEntries(db, user.id, after);
  return {
    today: localToday(now(), timeZone),
    entries: entries.map((e) => ({ id: e.id, dateText: showShortDate(e.date), year: e.date.slice(0, 4), html: e.html })),
    next: next ? encodeCursor(next) : null,
    paged: !!after,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, db, timeZone } = await requireRecoveryOwner(request, context);
  const form = await parseForm(request, journalSchema);
  if (!form.ok) return rejectForm(form);
  if (form.data.intent === "preview")
    return { ok: false as const, preview: renderMarkdown(form.data.body), values: { date: form.data.date, body: form.data.body }, errors: {} as Record<string, string> };
  try {
    await createJournalEntry(db, user.id, form.data, timeZone);
  } catch (error) {
    return recoveryFailure(error, form.data);
  }
  return redirect("/recovery/journal?saved=1");
}

export default function Journal() {
  const { today, entries, next, paged } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors: Record<string, string> = state?.errors ?? {};
  const preview = state && "preview" in state ? state.preview : undefined;
  return (
    <div className="stack">
      <h1>Journal</h1>
      <p className="muted">Private, dated entries — only you can read them.</p>
      {!paged ? (
        <section className="card stack" aria-labelledby="new-entry">
          <h2 id="new-entry">New entry</h2>
          <FormErrors state={Object.keys(errors).length ? state : undefined} />
          <Form method="post" className="form form--wide" noValidate>
            <TextField {...fieldProps(state, "date", today)} type="date" label="Date" required max={today} />
            <MarkdownEditor {...fieldProps(state, "body")} label="What's on your mind?" maxLength={JOURNAL_MAX} rows={8} previewHtml={preview} />
            <PreviewButtons intent="save">Save entry</PreviewButtons>
          </Form>
        </section>
      ) : null}
      <section className="stack" aria-labelledby="entries-heading">
        <h2 id="entries-heading">{paged ? "Older entries" : "Your entries"}</h2>
        {entries.length === 0 ? <p className="muted">No entries yet.</p> : null}
        <ul className="journal-list">
          {entries.map((e) => (
            <li key={e.id} className="card journal-entry">
              <h3>
                {e.dateText}, {e.year}
              </h3>
              <div className="prose" dangerouslySetInnerHTML={{ __html: e.html }} />
              <p className="small">
                <Link to={`/recovery/journal/${e.id}`}>
                  Edit or delete<span className="visually-hidden"> the entry of {e.dateText}</span>
                </Link>
              </p>
            </li>
          ))}
        </ul>
        <nav className="pager" aria-label="Journal pages">
          {paged ? <a href="/recovery/journal">← Newest entries</a> : null}
          {next ? <a href={`/recovery/journal?after=${next}`}>Older entries →</a> : null}
        </nav>
      </section>
    </div>
  );
}
