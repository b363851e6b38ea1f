import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { SharedView } from "~/components/circle/shared-view";
import { Form, FormErrors, RadioGroupField, SavedMessage, SubmitButton, TextareaField, fieldValue, fieldProps } from "~/components/forms";
import { sendEncouragement } from "~/models/circle/encouragement.server";
import { ENCOURAGEMENT_CARDS, ENCOURAGEMENT_MAX } from "~/utils/circle-forms";
import { leaveCircle } from "~/models/circle/people.server";
import { markReachOutsOpened, reachOutsTo } from "~/models/circle/reach-out.server";
import { circlePageData } from "~/models/circle/view.server";
import { CIRCLE_ROLES } from "~/policy/circle";
import { circleFailure, requireCircleView } from "~/utils/circle.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { privateTextField } from "~/utils/recovery-forms";
import { notFoundResponse } from "~/utils/recovery.server";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data ? `${data.page.memberName} · Support circle` : "Support circle");

const CARD_KEYS = Object.keys(ENCOURAGEMENT_CARDS) as [keyof typeof ENCOURAGEMENT_CARDS, ...(keyof typeof ENCOURAGEMENT_CARDS)[]];

export const circlePageSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("encourage"),
    card: z.preprocess((v) => (v === "" || v == null ? null : v), z.enum(CARD_KEYS, { errorMap: () => ({ message: "Choose one of the cards, or none." }) }).nullable()),
    message: privateTextField("Your message", ENCOURAGEMENT_MAX),
  }),
  z.object({ intent: z.literal("leave") }),
]);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, db, view } = await requireCircleView(request, context, params.memberId);
  const page = await circlePageData(db, view);
  if (!page) throw notFoundResponse();
  const reachOuts = await reachOutsTo(db, view.memberId, user.id);
  await markReachOutsOpened(db, view.memberId, user.id);
  return {
    memberId: view.memberId,
    roleLabel: CIRCLE_ROLES[view.role],
    checkOnMe: view.checkOnMe,
    page,
    reachOuts: reachOuts.map((r) => ({ id: r.id, when: formatDateTime(r.at, user.time_zone), line: r.line })),
    cards: ENCOURAGEMENT_CARDS,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, db, view } = await requireCircleView(request, context, params.memberId);
  const form = await parseForm(request, circlePageSchema);
  if (!form.ok) return rejectForm(form);
  try {
    if (form.data.intent === "leave") {
      await leaveCircle(db, view.memberId, user.id);
      return redirect("/circle");
    }
    await sendEncouragement(db, user.id, view, { card: form.data.card, message: form.data.message });
    return { ok: true as const, message: "Sent. Thank you for being there." };
  } catch (error) {
    return circleFailure(error, Object.fromEntries(form.formData.entries()));
  }
}

export default function CirclePage() {
  const { memberId, roleLabel, checkOnMe, page, reachOuts, cards } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = state && "errors" in state ? state.errors : undefined;
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/circle", label: "Support circle" }]} current={page.memberName} />
      <div className="hero">
        <h1>{page.memberName}</h1>
        <p className="lead">
          You're {page.memberName}'s {roleLabel.toLowerCase()}. You see only what they chose to share{checkOnMe ? ", and they asked you to check on them" : ""}.
        </p>
      </div>
      {reachOuts.length > 0 ? (
        <section className="card card--urgent stack-tight" id="reach-outs" aria-labelledby="reach-outs-heading">
          <h2 id="reach-outs-heading">{page.memberName} would like to hear from you</h2>
          <ul className="plain-list stack-tight">
            {reachOuts.map((r) => (
              <li key={r.id}>
                <strong>{r.when}</strong>
                {r.line ? <p className="pre-line">“{r.line}”</p> : null}
              </li>
            ))}
          </ul>
          <p className="muted small">
            If you think they are in danger, call your local emergency number. <Link to="/help">Crisis lines</Link>.
          </p>
        </section>
      ) : null}
      <SharedView {...page} />
      <section className="card stack-tight" aria-labelledby="encourage-heading">
        <h2 id="encourage-heading">Send encouragement</h2>
        <SavedMessage state={state} />
        <FormErrors state={state} />
        <Form method="post" className="form" noValidate>
          <RadioGroupField name="card" legend="A card (optional)" options={{ "": "No card", ...cards }} value={fieldValue(state, "card", "")} error={errors?.card} />
          <TextareaField {...fieldProps(state, "message")} label="A few words (optional)" rows={3} maxLength={ENCOURAGEMENT_MAX} />
          <SubmitButton name="intent" value="encourage">
            Send to {page.memberName}
          </SubmitButton>
        </Form>
      </section>
      <section className="card stack-tight" aria-labelledby="leave-heading">
        <h2 id="leave-heading">Leave this circle</h2>
        <p>You stop seeing {page.memberName}'s page. They are told you left.</p>
        <Form method="post">
          <input type="hidden" name="memberId" value={memberId} />
          <SubmitButton name="intent" value="leave" variant="secondary">
            Leave {page.memberName}'s circle
          </SubmitButton>
        </Form>
      </section>
    </div>
  );
}
