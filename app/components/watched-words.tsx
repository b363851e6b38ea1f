import { Form, FormErrors, SelectField, SubmitButton, TextField, type FormState, fieldProps } from "~/components/forms";

export const WATCHED_ACTION_LABELS = {
  block: "Block (not posted; the author is told which rule)",
  approve: "Hold for a moderator's approval",
  flag: "Publish, and flag for review",
} as const;

export interface WatchedWordRow {
  id: number;
  phrase: string;
  action: keyof typeof WATCHED_ACTION_LABELS;
  note: string;
  scope: string;
  removable: boolean;
}

/** The list of watched words with an add form and a remove button per word (one small form each). */
export function WatchedWordsEditor({ words, state }: { words: WatchedWordRow[]; state: FormState | undefined }) {
  const errors = state?.errors ?? {};
  return (
    <>
      <section className="card" aria-labelledby="add-word-heading">
        <h2 id="add-word-heading">Add a watched word or phrase</h2>
        <p className="muted small">
          Matching ignores case, accents, look-alike letters (Cyrillic “а” for “a”, “0” for “o”) and spacing tricks (“x a n a x”, “x.a.n.a.x”), and respects word boundaries. End a
          phrase with * to match any ending (“sell*”).
        </p>
        <FormErrors state={state && Object.keys(errors).length ? state : undefined} />
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="add" />
          <TextField {...fieldProps(state, "phrase")} label="Word or phrase" maxLength={80} />
          <SelectField {...fieldProps(state, "action", "flag")} label="What happens" options={Object.entries(WATCHED_ACTION_LABELS).map(([value, label]) => ({ value, label }))} />
          <TextField {...fieldProps(state, "note")} label="Why (shown to authors for blocks; optional)" maxLength={120} />
          <SubmitButton>Add</SubmitButton>
        </Form>
      </section>
      <div className="table-wrap">
        <table className="stack-table">
          <caption className="visually-hidden">Watched words</caption>
          <thead>
            <tr>
              <th scope="col">Word or phrase</th>
              <th scope="col">What happens</th>
              <th scope="col">Why</th>
              <th scope="col">Applies to</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {words.map((w) => (
              <tr key={w.id}>
                <td data-label="Word or phrase">
                  <strong>{w.phrase}</strong>
                </td>
                <td data-label="What happens">
                  <span className={`badge badge--word-${w.action}`}>{w.action === "block" ? "Block" : w.action === "approve" ? "Hold" : "Flag"}</span>
                </td>
                <td data-label="Why">{w.note || "—"}</td>
                <td data-label="Applies to">{w.scope}</td>
                <td data-label="Remove">
                  {w.removable ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="id" value={w.id} />
                      <button type="submit" className="link-button link-button--small">
                        Remove<span className="visually-hidden"> “{w.phrase}”</span>
                      </button>
                    </Form>
                  ) : (
                    <span className="muted small">Site-wide</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
