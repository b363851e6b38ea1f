import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, SubmitButton } from "~/components/forms";
import { MeetingForm } from "~/components/meeting-form";
import { formValuesOf, formValuesOfRaw, validateMeeting, type RawMeeting } from "~/models/meeting-input.server";
import { deleteMeeting, DuplicateMeetingSlugError, updateMeeting } from "~/models/meetings.server";
import { getDb } from "~/utils/db.server";
import { parseFormData, readForm } from "~/utils/forms.server";
import { meetingFormSchema, typedMeeting } from "~/utils/meeting-form.server";
import { requireMeeting } from "~/utils/meetings.server";
import { zonePickerChoices } from "~/utils/time-zones.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data ? `Edit ${data.name}` : "Edit meeting");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access } = await requireMeeting(request, context, params.slug, "manage");
  return { name: access.meeting.name, slug: access.meeting.slug, values: formValuesOf(access.meeting), timeZones: zonePickerChoices(request, access.meeting.time_zone) };
}

const deleteSchema = z.object({
  confirm: z.literal("yes", { errorMap: () => ({ message: "Tick the box to confirm you want to delete this meeting." }) }),
});

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, auth } = await requireMeeting(request, context, params.slug, "manage");
  const formData = await readForm(request);
  if (!formData) return data({ errors: { form: "We couldn't read that form. Please try again." }, values: null }, { status: 400 });
  const db = getDb();
  if (formData.get("intent") === "delete") {
    const form = parseFormData(formData, deleteSchema);
    if (!form.ok) return data({ errors: form.errors, values: null }, { status: 400 });
    await deleteMeeting(db, access.meeting.id, auth?.user.id ?? null);
    return redirect("/meetings");
  }
  // An empty web address keeps the meeting's own.
  const withSlug = (raw: RawMeeting): RawMeeting => ({ ...raw, slug: raw.slug || access.meeting.slug });
  const form = parseFormData(
    formData,
    // An online meeting needs a place to be listed under: its own area, or its group's area served.
    meetingFormSchema((raw) => validateMeeting(withSlug(raw), { requireArea: true, areaServed: access.meeting.group_area_served })),
  );
  if (!form.ok) return data({ errors: form.errors, values: formValuesOfRaw(withSlug(typedMeeting(form))) }, { status: 400 });
  const { input, raw } = form.data;
  try {
    await updateMeeting(db, access.meeting.id, input, auth?.user.id ?? null);
  } catch (error) {
    if (error instanceof DuplicateMeetingSlugError) return data({ errors: { slug: error.message }, values: formValuesOfRaw(withSlug(raw)) }, { status: 409 });
    throw error;
  }
  return redirect(`/meetings/${input.slug || access.meeting.slug}`);
}

export default function EditMeeting() {
  const { name, slug, values, timeZones } = useLoaderData<typeof loader>();
  const state = useActionData<{ errors: Record<string, string>; values: ReturnType<typeof formValuesOfRaw> | null }>();
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/meetings", label: "Meetings" },
          { to: `/meetings/${slug}`, label: name },
        ]}
        current="Edit"
      />
      <h1>Edit meeting</h1>
      <p className="muted">If you move the meeting, members who said they're going are told.</p>
      <MeetingForm values={state?.values ?? values} errors={state?.errors ?? {}} timeZones={timeZones} submitLabel="Save meeting" showSlug={true} />
      <section aria-labelledby="delete-heading" className="card stack danger-zone">
        <h2 id="delete-heading">Delete this meeting</h2>
        <p>It disappears from the directory and the feeds. Members' own attendance logs keep its name.</p>
        <Form method="post" className="form">
          <input type="hidden" name="intent" value="delete" />
          <div className={`field${state?.errors?.confirm ? " field--invalid" : ""}`}>
            <div className="checkbox">
              <input type="checkbox" id="field-confirm" name="confirm" value="yes" aria-describedby={state?.errors?.confirm ? "field-confirm-error" : undefined} />
              <label htmlFor="field-confirm">Yes, delete {name}</label>
            </div>
            {state?.errors?.confirm ? (
              <p className="field__error" id="field-confirm-error">
                {state.errors.confirm}
              </p>
            ) : null}
          </div>
          <SubmitButton variant="danger">Delete meeting</SubmitButton>
        </Form>
      </section>
    </div>
  );
}
