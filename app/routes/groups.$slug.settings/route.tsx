import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { fieldValue, Form, FormErrors, RadioGroupField, SavedMessage, SelectField, SubmitButton, TextField, fieldProps } from "~/components/forms";
import { MarkdownEditor } from "~/components/markdown-editor";
import { getMembership, listModerators, updateGroup } from "~/models/groups.server";
import { setModerator } from "~/models/moderation.server";
import { findUserByEmail, getPublicProfile } from "~/models/users.server";
import { requireGroup } from "~/utils/groups.server";
import { getDb } from "~/utils/db.server";
import { GROUP_KINDS, GROUP_VISIBILITIES } from "~/utils/group-labels";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { can } from "~/utils/permissions";
import { markdownField } from "~/utils/post-forms";
import { emailField, textField } from "~/utils/schemas";
import type { GroupKind, GroupVisibility } from "../../../db/schema";
import { useSiteName, pageMeta } from "~/utils/site-title";
import { getSiteConfig } from "~/models/site-config.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data ? `Settings · ${data.group.name}` : "Group settings");

const KINDS = Object.keys(GROUP_KINDS) as [GroupKind, ...GroupKind[]];
const VISIBILITIES = Object.keys(GROUP_VISIBILITIES) as [GroupVisibility, ...GroupVisibility[]];
const KIND_OPTIONS = Object.entries(GROUP_KINDS).map(([value, label]) => ({ value, label }));

/** The page's three forms, told apart by `intent`. */
export const groupSettingsSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("save"),
      name: textField("Name", { min: 3, max: 80 }),
      kind: z.enum(KINDS, { errorMap: () => ({ message: "Choose what kind of group this is." }) }),
      // Only site admins may change it; moderators' forms don't send it (the action checks).
      visibility: z.enum(VISIBILITIES, { errorMap: () => ({ message: "Choose who can see this group." }) }).optional(),
      description: markdownField("The description", 2_000, { required: true }),
      guidelines: markdownField("The house guidelines", 5_000, { required: false }),
      areaServed: textField("The area served", { max: 200 }),
    }),
    z.object({ intent: z.literal("add-moderator"), email: emailField }),
    z.object({ intent: z.literal("remove-moderator"), userId: z.string().min(1).max(100) }),
  ],
  { errorMap: () => ({ message: "Choose what to change." }) },
);

/** Every moderator of the group, oldest first. */
async function moderatorsOf(groupId: number) {
  const moderators = await listModerators(getDb(), groupId);
  return moderators.map((m) => ({ id: m.id, displayName: m.display_name }));
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { access, auth } = await requireGroup(request, context, params.slug, "moderate");
  const { group } = access;
  const isSiteAdmin = can(auth?.user, "admin:console");
  return {
    group: {
      slug: group.slug,
      name: group.name,
      kind: group.kind,
      visibility: group.visibility,
      description: group.description_source,
      guidelines: group.guidelines_source,
      areaServed: group.area_served,
      version: group.updated_at,
    },
    moderators: await moderatorsOf(group.id),
    isSiteAdmin,
    viewerId: auth?.user.id ?? null,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { access, auth } = await requireGroup(request, context, params.slug, "moderate");
  const { group } = access;
  const isSiteAdmin = can(auth?.user, "admin:console");
  const form = await parseForm(request, groupSettingsSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const data = form.data;
  switch (data.intent) {
    case "save": {
      const visibility = data.visibility ?? group.visibility;
      if (visibility !== group.visibility && !isSiteAdmin) {
        return formFailure({ form: "Only site admins can change who can see this group." }, { ...data }, 403);
      }
      await updateGroup(db, group.id, { name: data.name, kind: data.kind, visibility, description: data.description, guidelines: data.guidelines, areaServed: data.areaServed });
      return { ok: true as const, intent: "save" as const, message: "The group's settings are saved." };
    }
    case "add-moderator": {
      if (!isSiteAdmin) return formFailure({ form: "Only site admins can choose moderators." }, {}, 403);
      const target = await findUserByEmail(db, data.email);
      if (!target) {
        const { siteName } = await getSiteConfig(db);
        return formFailure({ email: `There's no ${siteName} account with that e-mail address. Check it for typos.` }, { intent: "add-moderator", email: data.email });
      }
      const changed = await setModerator(db, auth.user.id, group.id, target.id, true);
      return {
        ok: true as const,
        intent: "add-moderator" as const,
        message: changed ? `${target.display_name} is now a moderator of ${group.name}.` : `${target.display_name} is already a moderator of ${group.name}.`,
      };
    }
    case "remove-moderator": {
      if (!isSiteAdmin) return formFailure({ form: "Only site admins can choose moderators." }, {}, 403);
      const target = await getPublicProfile(db, data.userId);
      const role = target ? await getMembership(db, group.id, target.id) : null;
      if (!target || role !== "moderator") return formFailure({ form: "That person isn't a moderator of this group." }, {}, 404);
      await setModerator(db, auth.user.id, group.id, target.id, false);
      return { ok: true as const, intent: "remove-moderator" as const, message: `${target.display_name} is no longer a moderator. They are still a member of ${group.name}.` };
    }
  }
}

export default function GroupSettings() {
  const { group, moderators, isSiteAdmin, viewerId } = useLoaderData<typeof loader>();
  const site = useSiteName();
  const state = useActionData<typeof action>();
  const errors = (state && "errors" in state ? state.errors : undefined) ?? {};
  const failedIntent = state && "values" in state ? state.values.intent : undefined;
  // After a failed save keep what was typed; otherwise show what is stored.
  const typed = failedIntent === "save" && state && "values" in state ? state : undefined;
  const chosenVisibility = fieldValue(typed, "visibility", group.visibility);
  const visibilityLabel = GROUP_VISIBILITIES[group.visibility];
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/groups", label: "Groups" },
          { to: `/groups/${group.slug}`, label: group.name },
        ]}
        current="Settings"
      />
      <h1>Group settings</h1>
      <p className="muted">
        Also for moderators: <Link to={`/groups/${group.slug}/requests`}>join requests</Link>, <Link to={`/groups/${group.slug}/invites`}>invite links</Link> and the{" "}
        <Link to={`/groups/${group.slug}/members`}>member list</Link>.
      </p>
      <SavedMessage state={state} />
      <FormErrors state={state} />

      <section aria-labelledby="about-heading" className="stack">
        <h2 id="about-heading">About the group</h2>
        <Form method="post" className="form" noValidate key={group.version}>
          <input type="hidden" name="intent" value="save" />
          <TextField {...fieldProps(typed, "name", group.name)} label="Name" hint="3 to 80 characters." required minLength={3} maxLength={80} />
          <SelectField {...fieldProps(typed, "kind", group.kind)} label="Kind of group" options={KIND_OPTIONS} />
          {isSiteAdmin ? (
            <RadioGroupField
              name="visibility"
              legend="Who can see it"
              options={GROUP_VISIBILITIES}
              value={chosenVisibility}
              error={failedIntent === "save" ? errors.visibility : undefined}
            />
          ) : (
            <div className="field">
              <p id="visibility-readonly">
                <strong>Who can see it:</strong> {visibilityLabel}
              </p>
              <p className="field__hint">Only a site admin can change this.</p>
            </div>
          )}
          <MarkdownEditor {...fieldProps(typed, "description", group.description)} label="Description" maxLength={2_000} rows={5} />
          <TextField
            {...fieldProps(typed, "areaServed", group.areaServed)}
            label="Area served (optional)"
            hint="Where the group's meetings are, like “Chicago, IL, USA”. Meeting apps list online meetings by place: a meeting without an area of its own is published under this one."
            maxLength={200}
          />
          <MarkdownEditor {...fieldProps(typed, "guidelines", group.guidelines)} label="House guidelines (optional)" maxLength={5_000} rows={8} />
          <div className="button-row">
            <SubmitButton>Save settings</SubmitButton>
          </div>
        </Form>
      </section>

      <section aria-labelledby="moderators-heading" className="stack">
        <h2 id="moderators-heading">Moderators</h2>
        <p className="muted">Moderators answer join requests, make invite links and look after the conversation. Site admins can moderate every group.</p>
        {moderators.length === 0 ? (
          <p>This group has no moderators of its own yet.</p>
        ) : (
          <ul className="plain-list" aria-label="Moderators">
            {moderators.map((m) => (
              <li key={m.id} className="card">
                <p>
                  <Link to={`/members/${m.id}`}>{m.displayName}</Link>
                  {m.id === viewerId ? " (you)" : ""} <span className="badge">Moderator</span>
                </p>
                {isSiteAdmin ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove-moderator" />
                    <input type="hidden" name="userId" value={m.id} />
                    <SubmitButton variant="secondary">
                      Remove moderator<span className="visually-hidden"> role from {m.displayName}</span>
                    </SubmitButton>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {isSiteAdmin ? (
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="add-moderator" />
            <TextField
              name="email"
              type="email"
              label="Add a moderator"
              hint={`The e-mail address of their ${site} account. They become a member of the group if they aren't one yet.`}
              autoComplete="off"
              maxLength={254}
              defaultValue={failedIntent === "add-moderator" ? fieldValue(state && "values" in state ? state : undefined, "email") : ""}
              error={failedIntent === "add-moderator" ? errors.email : undefined}
            />
            <div className="button-row">
              <SubmitButton variant="secondary">Add moderator</SubmitButton>
            </div>
          </Form>
        ) : (
          <p className="muted small">Only a site admin can add or remove moderators.</p>
        )}
      </section>
    </div>
  );
}
