import { memo, type ReactNode } from "react";
import { SubmitButton, TextareaField } from "./forms";

/**
 * A Markdown text box with a server-rendered preview: the "Preview" button submits the form with
 * intent=preview, and the action answers with the same safe rendering a saved post gets. Works
 * without JavaScript.
 */
export function MarkdownEditor({
  name,
  label,
  defaultValue,
  error,
  previewHtml,
  maxLength,
  rows = 8,
}: {
  name: string;
  label: string;
  defaultValue?: string;
  error?: string;
  previewHtml?: string | null;
  maxLength: number;
  rows?: number;
}) {
  return (
    <div className="markdown-editor">
      <TextareaField
        name={name}
        label={label}
        hint={<>Markdown works: **bold**, *italic*, &gt; quote, - lists, [link](https://…). Images show as links.</>}
        rows={rows}
        maxLength={maxLength}
        defaultValue={defaultValue}
        error={error}
      />
      {previewHtml !== undefined && previewHtml !== null ? (
        <section className="preview" aria-labelledby={`${name}-preview-heading`}>
          <h2 id={`${name}-preview-heading`} className="preview__heading">
            Preview
          </h2>
          {previewHtml ? <PostBody html={previewHtml} /> : <p className="muted">Nothing to preview yet.</p>}
        </section>
      ) : null}
    </div>
  );
}

/** A Markdown form's buttons: its own submit (with its intent), then Preview, then anything after (a Cancel link). */
export function PreviewButtons({ intent, children, after }: { intent: string; children: ReactNode; after?: ReactNode }) {
  return (
    <div className="button-row">
      <SubmitButton name="intent" value={intent}>
        {children}
      </SubmitButton>
      <SubmitButton variant="secondary" name="intent" value="preview">
        Preview
      </SubmitButton>
      {after}
    </div>
  );
}

/**
 * HTML that was sanitized when it was saved (see app/utils/markdown.server.ts). Never pass anything else.
 * Memoised: a list redrawn after a reaction or a revalidation leaves the bodies whose HTML is unchanged alone.
 */
export const PostBody = memo(function PostBody({ html }: { html: string }) {
  return <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />;
});
