/** The guide form (new and edit): works without JavaScript; Preview renders on the server as saving does. */
import { Link } from "@remix-run/react";
import { CheckboxField, Form, FormErrors, RadioGroupField, SelectField, SubmitButton, TextField, fieldValue } from "~/components/forms";
import { MarkdownEditor } from "~/components/markdown-editor";
import { GUIDE_BODY_MAX, GUIDE_SUMMARY_MAX } from "~/utils/guide-form";

export interface GuideFormValues {
  title: string;
  slug: string;
  collectionId: string;
  summary: string;
  body: string;
  visibility: string;
}

type FormState = { errors?: Record<string, string>; values?: Record<string, string>; preview?: string } | undefined;

export function GuideForm({
  stored,
  collections,
  state,
  status,
  cancel,
}: {
  stored: GuideFormValues;
  collections: { id: number; name: string }[];
  state: FormState;
  /** null: a new guide. */
  status: "draft" | "published" | null;
  cancel: string;
}) {
  const errors = state?.errors ?? {};
  const failed = state && state.values ? (state as { values: Record<string, string>; errors: Record<string, string> }) : undefined;
  const value = (name: keyof GuideFormValues) => fieldValue(failed, name, stored[name]);
  return (
    <>
      <FormErrors state={failed && Object.keys(errors).length ? failed : undefined} />
      <Form method="post" className="form form--wide" noValidate>
        <TextField name="title" label="Title" maxLength={120} required defaultValue={value("title")} error={errors.title} />
        <TextField
          name="slug"
          label="Address"
          hint={status === null ? "Optional: made from the title when left empty, like sleep-in-early-recovery." : "Changing it breaks links to the guide."}
          maxLength={80}
          defaultValue={value("slug")}
          error={errors.slug}
        />
        <SelectField
          name="collectionId"
          label="Collection"
          options={[{ value: "", label: "No collection" }, ...collections.map((c) => ({ value: String(c.id), label: c.name }))]}
          defaultValue={value("collectionId")}
          error={errors.collectionId}
        />
        <TextField
          name="summary"
          label="Summary"
          hint="One or two sentences, shown in lists and search."
          maxLength={GUIDE_SUMMARY_MAX}
          defaultValue={value("summary")}
          error={errors.summary}
        />
        <MarkdownEditor name="body" label="The guide" maxLength={GUIDE_BODY_MAX} rows={16} defaultValue={value("body")} error={errors.body} previewHtml={state?.preview} />
        <RadioGroupField
          name="visibility"
          legend="Who can read it"
          options={{ public: "Everyone, visitors too", members: "Signed-in members only" }}
          value={value("visibility")}
          error={errors.visibility}
        />
        <TextField name="note" label="What changed (optional)" hint="Kept in the guide's history." maxLength={300} defaultValue={fieldValue(failed, "note")} error={errors.note} />
        <CheckboxField
          name="reviewed"
          label="I have reviewed this guide: say so on its page (“Last reviewed on … by …”)"
          defaultChecked={failed ? failed.values.reviewed === "on" : true}
        />
        <div className="button-row">
          {status === "published" ? (
            <>
              <SubmitButton name="intent" value="save">
                Save changes
              </SubmitButton>
              <SubmitButton variant="secondary" name="intent" value="unpublish">
                Unpublish (back to draft)
              </SubmitButton>
            </>
          ) : (
            <>
              <SubmitButton name="intent" value="publish">
                Publish
              </SubmitButton>
              <SubmitButton variant="secondary" name="intent" value="save">
                Save as draft
              </SubmitButton>
            </>
          )}
          <SubmitButton variant="secondary" name="intent" value="preview">
            Preview
          </SubmitButton>
          <Link to={cancel}>Cancel</Link>
        </div>
      </Form>
    </>
  );
}
