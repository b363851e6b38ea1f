import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { CircleReachOutList } from "~/components/circle/circle-lists";
import { CrisisLines } from "~/components/circle/crisis-lines";
import { fieldValue, Form, FormErrors, SavedMessage, SubmitButton, TextareaField, fieldProps } from "~/components/forms";
import { crisisResourcesFor } from "~/models/crisis-directory.server";
import { listCirclePeople } from "~/models/circle/people.server";
import { listReachOuts, reachOut } from "~/models/circle/reach-out.server";
import { REACH_OUT_LINE_MAX } from "~/utils/circle-forms";
import { requireUser } from "~/utils/auth.server";
import { circleFailure } from "~/utils/circle.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { consumeLimit, waitText } from "~/utils/rate-limit.server";
import { privateTextField } from "~/utils/recovery-forms";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Reach out · Support circle");

export const reachOutSchema = z.object({
  to: z.preprocess((v) => (v === "some" ? "some" : "all"), z.enum(["all", "some"])),
  people: z.array(z.string().max(64)).max(50),
  line: privateTextField("Your line", REACH_OUT_LINE_MAX),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const db = getDb();
  const [people, crisis, recent] = await Promise.all([listCirclePeople(db, user.id), crisisResourcesFor(db, user.id, request), listReachOuts(db, user.id, 5)]);
  return {
    people: people.map((p) => ({ id: p.personId, name: p.displayName, role: p.roleLabel })),
    crisis,
    recent: recent.map((r) => ({
      ...r,
      when: formatDateTime(r.at, user.time_zone),
      told: r.told.map((t) => ({ name: t.name, opened: t.openedAt ? formatDateTime(t.openedAt, user.time_zone) : null })),
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, reachOutSchema);
  if (!form.ok) return rejectForm(form);
  const limit = await consumeLimit("reachOut", user.id);
  if (!limit.ok) {
    return formFailure(
      {
        form: `You've reached out several times in the last hour, and the people you chose have been told. Give them a little time to answer — you can reach out again in ${waitText(limit.retryAfterSeconds)}. If you need someone right now, the lines below answer any time.`,
      },
      { line: form.data.line },
      429,
    );
  }
  try {
    const { told } = await reachOut(getDb(), user.id, { personIds: form.data.to === "all" ? "all" : form.data.people, line: form.data.line });
    return { ok: true as const, message: `We told ${told.join(", ")}. You'll see below when they open it.` };
  } catch (error) {
    return circleFailure(error, { line: form.data.line });
  }
}

export default function ReachOut() {
  const { people, crisis, recent } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = state && "errors" in state ? state.errors : undefined;
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/circle", label: "Support circle" }]} current="Reach out" />
      <h1>Reach out</h1>
      <p className="lead">Let the people you chose know you'd like to hear from them. They're told it's urgent; they aren't told why unless you say.</p>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      {people.length === 0 ? (
        <p>
          Your support circle is empty for now. <Link to="/circle/invite">Invite someone you trust</Link>.
        </p>
      ) : (
        <Form method="post" className="form card" noValidate>
          <fieldset className={`fieldset${errors?.people ? " field--invalid" : ""}`} aria-describedby={errors?.people ? "field-people-error" : undefined}>
            <legend>Who</legend>
            <div className="checkbox">
              <input type="radio" id="to-all" name="to" value="all" defaultChecked={fieldValue(state, "to", "all") !== "some"} />
              <label htmlFor="to-all">Everyone in my circle</label>
            </div>
            <div className="checkbox">
              <input type="radio" id="to-some" name="to" value="some" defaultChecked={fieldValue(state, "to") === "some"} />
              <label htmlFor="to-some">Only the people I tick:</label>
            </div>
            {people.map((p) => (
              <div className="checkbox checkbox--indent" key={p.id}>
                <input type="checkbox" id={`person-${p.id}`} name="people" value={p.id} />
                <label htmlFor={`person-${p.id}`}>
                  {p.name} <span className="muted">({p.role})</span>
                </label>
              </div>
            ))}
            {errors?.people ? (
              <p className="field__error" id="field-people-error">
                {errors.people}
              </p>
            ) : null}
          </fieldset>
          <TextareaField {...fieldProps(state, "line")} label="A line for them (optional)" rows={2} maxLength={REACH_OUT_LINE_MAX} />
          <SubmitButton>Reach out now</SubmitButton>
        </Form>
      )}
      <CrisisLines region={crisis.region} resources={crisis.resources} />
      {recent.length > 0 ? (
        <section className="card stack-tight" aria-labelledby="recent-heading">
          <h2 id="recent-heading">Who was told</h2>
          <CircleReachOutList items={recent} />
        </section>
      ) : null}
    </div>
  );
}
