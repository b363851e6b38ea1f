import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { MilestoneChip } from "~/components/chip";
import { Form, FormErrors, RadioGroupField, SubmitButton, fieldValue } from "~/components/forms";
import { listMyGroups } from "~/models/groups.server";
import { getTracker, summarizeTracker } from "~/models/recovery-trackers.server";
import { celebrationText, shareMilestone } from "~/models/recovery-sharing.server";
import { now } from "~/utils/clock.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { randomId } from "~/utils/ids.server";
import { clientTokenField } from "~/utils/post-forms";
import { integerField } from "~/utils/recovery-forms";
import { notFoundResponse, recoveryFailure, requireRecoveryOwnerWithSet } from "~/utils/recovery.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Share a milestone · My recovery");

export const shareSchema = z.object({
  milestone: integerField("The milestone", 1, 100_000),
  groupId: integerField("A group", 1, Number.MAX_SAFE_INTEGER),
  clientToken: clientTokenField,
});

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, db, set, timeZone } = await requireRecoveryOwnerWithSet(request, context);
  const tracker = await getTracker(db, user.id, params.trackerId ?? "");
  if (!tracker) throw notFoundResponse();
  const summary = summarizeTracker(tracker, set, now(), timeZone);
  const days = Number(new URL(request.url).searchParams.get("milestone"));
  const milestone = summary.reached.find((m) => m.days === days);
  if (!milestone) throw notFoundResponse();
  const groups = await listMyGroups(db, user.id);
  return {
    tracker: { id: tracker.id, name: tracker.name },
    milestone: { days: milestone.days, label: milestone.label, color: milestone.color },
    preview: celebrationText(user.display_name, milestone.label),
    groups: groups.map((g) => ({ id: g.id, name: g.name })),
    clientToken: randomId(),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, db, set } = await requireRecoveryOwnerWithSet(request, context);
  if (!(await getTracker(db, user.id, params.trackerId ?? ""))) throw notFoundResponse();
  const form = await parseForm(request, shareSchema);
  if (!form.ok) return rejectForm(form);
  try {
    const shared = await shareMilestone(
      db,
      user,
      { trackerId: params.trackerId ?? "", milestoneDays: form.data.milestone!, groupId: form.data.groupId!, clientToken: form.data.clientToken },
      set,
    );
    return redirect(`/recovery/trackers/${params.trackerId}?shared=${shared.held ? "held" : "1"}`);
  } catch (error) {
    return recoveryFailure(error, Object.fromEntries(form.formData));
  }
}

export default function ShareMilestone() {
  const { tracker, milestone, preview, groups, clientToken } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const errors = state?.errors ?? {};
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/recovery", label: "My recovery" },
          { to: `/recovery/trackers/${tracker.id}`, label: tracker.name },
        ]}
        current="Share a milestone"
      />
      <h1>Share your {milestone.label}?</h1>
      <MilestoneChip label={milestone.label} color={milestone.color} />
      <p>
        Only if you want to. Harbor will start a short thread in the group you choose. This is everything it will say — nothing about what you are tracking, your dates, slips or
        anything else:
      </p>
      <blockquote className="card share-preview">
        <p>
          <strong>{preview.title}</strong>
        </p>
        <p>{preview.title}. One day at a time.</p>
      </blockquote>
      <FormErrors state={state} />
      {groups.length === 0 ? (
        <p>
          You haven't joined a group yet. <Link to="/groups">Find a group</Link> first, then come back to share.
        </p>
      ) : (
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="milestone" value={milestone.days} />
          <input type="hidden" name="clientToken" value={clientToken} />
          <RadioGroupField
            name="groupId"
            legend="Share it in"
            options={Object.fromEntries(groups.map((g) => [String(g.id), g.name]))}
            value={fieldValue(state, "groupId", "")}
            error={errors.groupId}
          />
          <div className="button-row">
            <SubmitButton>Share it</SubmitButton>
            <Link to={`/recovery/trackers/${tracker.id}`} className="button button--secondary">
              Not now
            </Link>
          </div>
        </Form>
      )}
    </div>
  );
}
