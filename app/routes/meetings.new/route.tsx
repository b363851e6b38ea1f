import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { MeetingForm } from "~/components/meeting-form";
import { formValuesOfRaw, validateMeeting } from "~/models/meeting-input.server";
import { createMeeting, DuplicateMeetingSlugError, listManageableGroups } from "~/models/meetings.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseFormData, readForm } from "~/utils/forms.server";
import { meetingFormSchema, typedMeeting } from "~/utils/meeting-form.server";
import { zonePickerChoices } from "~/utils/time-zones.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Add a meeting");

async function guard(request: Request, context: unknown) {
  const user = await requireUser(request, context as never);
  const groups = await listManageableGroups(getDb(), { id: user.id, role: user.role });
  if (groups.length === 0) throw new Response("Only group moderators and site admins can add meetings.", { status: 403, statusText: "Forbidden" });
  return { user, groups };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, groups } = await guard(request, context);
  const wanted = new URL(request.url).searchParams.get("group");
  const chosen = groups.find((g) => g.slug === wanted) ?? groups[0]!;
  return {
    groups: groups.map((g) => ({ id: g.id, name: g.name })),
    timeZones: zonePickerChoices(request, user.time_zone),
    defaults: formValuesOfRaw(
      { kind: "weekly", days: [], startTime: "19:00", endTime: "20:00", timeZone: user.time_zone, attendance: "in_person", status: "active" },
      String(chosen.id),
    ),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, groups } = await guard(request, context);
  const formData = await readForm(request);
  if (!formData) return data({ errors: { form: "We couldn't read that form. Please try again." }, values: null }, { status: 400 });
  const groupId = String(formData.get("groupId") ?? "");
  const group = groups.find((g) => String(g.id) === groupId);
  // An online meeting needs a place to be listed under: its own area, or its group's area served.
  const form = parseFormData(
    formData,
    meetingFormSchema((raw) => validateMeeting(raw, { requireArea: true, areaServed: group?.area_served ?? "" })),
  );
  const groupError: Record<string, string> = group ? {} : { groupId: "Choose one of the groups you moderate." };
  if (!form.ok) return data({ errors: { ...form.errors, ...groupError }, values: formValuesOfRaw(typedMeeting(form), groupId) }, { status: 400 });
  if (!group) return data({ errors: groupError, values: formValuesOfRaw(form.data.raw, groupId) }, { status: 400 });
  try {
    const meeting = await createMeeting(getDb(), group.id, form.data.input, user.id);
    return redirect(`/meetings/${meeting.slug}`);
  } catch (error) {
    if (error instanceof DuplicateMeetingSlugError) return data({ errors: { slug: error.message }, values: formValuesOfRaw(form.data.raw, groupId) }, { status: 409 });
    throw error;
  }
}

export default function NewMeeting() {
  const { groups, timeZones, defaults } = useLoaderData<typeof loader>();
  const state = useActionData<{ errors: Record<string, string>; values: ReturnType<typeof formValuesOfRaw> | null }>();
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/meetings", label: "Meetings" }]} current="Add a meeting" />
      <h1>Add a meeting</h1>
      <p className="muted">Weekly meetings keep their local time through daylight-saving changes. A reunion or workshop is a one-off meeting.</p>
      <MeetingForm values={state?.values ?? defaults} errors={state?.errors ?? {}} timeZones={timeZones} groups={groups} submitLabel="Add meeting" showSlug={true} />
    </div>
  );
}
