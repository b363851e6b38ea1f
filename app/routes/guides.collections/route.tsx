/**
 * /guides/collections: editors and admins add, rename, describe, order and remove the library's
 * collections (app/models/guides/collections.server.ts). Each collection is its own small form, so a
 * refusal shows at the field of the collection it was about; nothing else changes.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SubmitButton, TextField, TextareaField, fieldValue, type FormState } from "~/components/forms";
import {
  addCollection,
  COLLECTION_DESCRIPTION_MAX,
  COLLECTION_NAME_MAX,
  listEditableCollections,
  moveCollection,
  removeCollection,
  updateCollection,
  type EditableCollection,
} from "~/models/guides/collections.server";
import { GuideError } from "~/models/guides/guides.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { requireGuideWriter } from "~/utils/guides.server";
import { textField } from "~/utils/schemas";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Collections · Guides");

const fields = {
  name: textField("A name", { min: 1, max: COLLECTION_NAME_MAX }),
  description: textField("A description", { max: COLLECTION_DESCRIPTION_MAX, multiline: true }),
};
const collectionId = z.coerce.number({ invalid_type_error: "Choose a collection." }).int("Choose a collection.").positive("Choose a collection.");
const schema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("add"), ...fields }),
    z.object({ intent: z.literal("save"), collectionId, ...fields }),
    z.object({ intent: z.enum(["up", "down", "remove"]), collectionId }),
  ],
  { errorMap: () => ({ message: "Choose what to do." }) },
);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireGuideWriter(request, context);
  return { collections: await listEditableCollections(getDb()) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireGuideWriter(request, context);
  const form = await parseForm(request, schema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const input = form.data;
  const target = "collectionId" in input ? String(input.collectionId) : "new";
  const values: Record<string, string> = { collectionId: target, ...("name" in input ? { name: input.name, description: input.description } : {}) };
  try {
    if (input.intent === "add") {
      const added = await addCollection(db, { name: input.name, description: input.description });
      return { ok: true as const, target, message: `Added “${added.name}”. Choose it for a guide from the guide's form.` };
    }
    if (input.intent === "save") await updateCollection(db, input.collectionId, { name: input.name, description: input.description });
    else if (input.intent === "remove") await removeCollection(db, input.collectionId);
    else await moveCollection(db, input.collectionId, input.intent);
    return { ok: true as const, target, message: input.intent === "save" ? "Saved." : input.intent === "remove" ? "Removed the collection." : "Moved." };
  } catch (error) {
    if (error instanceof GuideError) return formFailure({ [error.field]: error.message }, values, error.status);
    throw error;
  }
}

type ActionState = (FormState & { target?: string; message?: string }) | undefined;

/** The action's answer, if it was about this form (`new`, or a collection's id). */
function stateFor(state: ActionState, target: string): ActionState {
  const about = state?.target ?? state?.values?.collectionId ?? "new";
  return about === target ? state : undefined;
}

function CollectionFields({ state, stored, idPrefix }: { state: ActionState; stored?: EditableCollection; idPrefix: string }) {
  const errors = state?.errors ?? {};
  return (
    <>
      <TextField
        fieldId={`${idPrefix}-name`}
        name="name"
        label="Name"
        maxLength={COLLECTION_NAME_MAX}
        required
        defaultValue={fieldValue(state, "name", stored?.name)}
        error={errors.name}
      />
      <TextareaField
        fieldId={`${idPrefix}-description`}
        name="description"
        label="Description (optional)"
        hint="A line under the collection's name in the library."
        maxLength={COLLECTION_DESCRIPTION_MAX}
        rows={2}
        defaultValue={fieldValue(state, "description", stored?.description)}
        error={errors.description}
      />
    </>
  );
}

function CollectionCard({ c, first, last, state }: { c: EditableCollection; first: boolean; last: boolean; state: ActionState }) {
  const mine = stateFor(state, String(c.id));
  return (
    <li className="card stack collection-card" aria-labelledby={`collection-${c.id}`}>
      <h2 id={`collection-${c.id}`}>{c.name}</h2>
      <p className="meta">
        /guides#{c.slug} · {c.guides === 0 ? "no guides" : c.guides === 1 ? "1 guide" : `${c.guides} guides`}
      </p>
      {mine?.message ? (
        <p className="alert alert--success" role="status">
          {mine.message}
        </p>
      ) : null}
      <FormErrors state={mine?.errors?.form ? mine : undefined} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="collectionId" value={c.id} />
        <CollectionFields state={mine} stored={c} idPrefix={`c${c.id}`} />
        <div className="button-row">
          <SubmitButton name="intent" value="save">
            Save<span className="visually-hidden"> {c.name}</span>
          </SubmitButton>
          {first ? null : (
            <button type="submit" name="intent" value="up" className="button button--secondary">
              Move up<span className="visually-hidden"> {c.name}</span>
            </button>
          )}
          {last ? null : (
            <button type="submit" name="intent" value="down" className="button button--secondary">
              Move down<span className="visually-hidden"> {c.name}</span>
            </button>
          )}
          {c.guides === 0 ? (
            <button type="submit" name="intent" value="remove" className="button button--danger">
              Remove<span className="visually-hidden"> {c.name}</span>
            </button>
          ) : null}
        </div>
      </Form>
    </li>
  );
}

export default function GuideCollections() {
  const { collections } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as ActionState;
  const added = stateFor(state, "new");
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/guides", label: "Guides" }]} current="Collections" />
      <h1>Collections</h1>
      <p className="muted">
        Collections group the library's guides, in this order. Renaming one keeps its address, so what the check-in, the crisis page and the plan offer from it stays. A collection
        can be removed once it holds no guides: move them from each guide's <strong>Edit</strong> page.
      </p>
      {collections.length ? (
        <ol className="collection-list">
          {collections.map((c, i) => (
            <CollectionCard key={c.id} c={c} first={i === 0} last={i === collections.length - 1} state={state} />
          ))}
        </ol>
      ) : (
        <p className="muted">No collections yet.</p>
      )}
      <section className="card stack" aria-labelledby="add-heading">
        <h2 id="add-heading">Add a collection</h2>
        {added?.message ? (
          <p className="alert alert--success" role="status">
            {added.message}
          </p>
        ) : null}
        <Form method="post" className="form" noValidate key={added?.message ?? "add"}>
          <CollectionFields state={added?.errors ? added : undefined} idPrefix="new" />
          <div className="button-row">
            <SubmitButton name="intent" value="add">
              Add collection
            </SubmitButton>
            <Link to="/guides">Back to the guides</Link>
          </div>
        </Form>
      </section>
    </div>
  );
}
