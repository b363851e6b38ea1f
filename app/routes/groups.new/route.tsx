import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { fieldValue, Form, FormErrors, RadioGroupField, SelectField, SubmitButton, TextField, fieldProps } from "~/components/forms";
import { MarkdownEditor } from "~/components/markdown-editor";
import { createGroup, DuplicateSlugError } from "~/models/groups.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { GROUP_KINDS, GROUP_VISIBILITIES, RESERVED_SLUGS, SLUG_PATTERN, slugify } from "~/utils/group-labels";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { markdownField } from "~/utils/post-forms";
import { textField } from "~/utils/schemas";
import type { GroupKind, GroupVisibility } from "../../../db/schema";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Start a group");

/** What is wrong with a web address, or null when it is fine. */
function slugProblem(slug: string): string | null {
  if ([...slug].length < 2) return "The web address needs at least 2 characters.";
  if ([...slug].length > 60) return "The web address can be at most 60 characters.";
  if (!SLUG_PATTERN.test(slug)) return "Use only lower-case letters, numbers and single hyphens, like morning-light.";
  if (RESERVED_SLUGS.has(slug)) return `“${slug}” is already a Harbor page. Please choose another web address.`;
  return null;
}

const KINDS = Object.keys(GROUP_KINDS) as [GroupKind, ...GroupKind[]];
const VISIBILITIES = Object.keys(GROUP_VISIBILITIES) as [GroupVisibility, ...GroupVisibility[]];
const KIND_OPTIONS = Object.entries(GROUP_KINDS).map(([value, label]) => ({ value, label }));

export const newGroupSchema = z
  .object({
    name: textField("Name", { min: 3, max: 80 }),
    slug: z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : ""), z.string().max(200, "The web address can be at most 60 characters.")),
    kind: z.enum(KINDS, { errorMap: () => ({ message: "Choose what kind of group this is." }) }),
    visibility: z.enum(VISIBILITIES, { errorMap: () => ({ message: "Choose who can see this group." }) }),
    description: markdownField("The description", 2_000, { required: true }),
    guidelines: markdownField("The house guidelines", 5_000, { required: false }),
  })
  .superRefine((form, ctx) => {
    if (form.slug) {
      const problem = slugProblem(form.slug);
      if (problem) ctx.addIssue({ code: "custom", path: ["slug"], message: problem });
      return;
    }
    // No address typed: it comes from the name. Only complain when the name itself is fine.
    if ([...form.name].length < 3) return;
    const derived = slugify(form.name);
    if (RESERVED_SLUGS.has(derived)) {
      ctx.addIssue({ code: "custom", path: ["slug"], message: `“${derived}” is already a Harbor page. Please type another web address.` });
    } else if (slugProblem(derived)) {
      ctx.addIssue({ code: "custom", path: ["slug"], message: "We couldn't make a web address from that name. Please type one, like morning-light." });
    }
  });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "admin:console");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, context, "admin:console");
  const form = await parseForm(request, newGroupSchema);
  if (!form.ok) return rejectForm(form);
  const slug = form.data.slug || slugify(form.data.name);
  try {
    await createGroup(getDb(), { ...form.data, slug }, user.id);
  } catch (error) {
    if (error instanceof DuplicateSlugError) {
      return formFailure({ slug: "Another group already uses that web address." }, { ...form.data, slug });
    }
    throw error;
  }
  return redirect(`/groups/${slug}`);
}

export default function NewGroup() {
  const state = useActionData<typeof action>();
  const errors = state?.errors ?? {};
  const chosenVisibility = fieldValue(state, "visibility", "public");
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/groups", label: "Groups" }]} current="Start a group" />
      <h1>Start a group</h1>
      <p className="muted">
        A group is a shared space for people walking a similar road. You can change its name, description and guidelines later from its settings page; its web address stays.
      </p>
      <FormErrors state={state} />
      <Form method="post" className="form" noValidate>
        <TextField {...fieldProps(state, "name")} label="Name" hint="3 to 80 characters, for example “Morning Light 12-step”." required minLength={3} maxLength={80} />
        <TextField
          {...fieldProps(state, "slug")}
          label="Web address (optional)"
          hint={<>The part after /groups/. Lower-case letters, numbers and hyphens. Leave it empty to make one from the name.</>}
          maxLength={60}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
        />
        <SelectField {...fieldProps(state, "kind", "topic")} label="Kind of group" options={KIND_OPTIONS} />
        <RadioGroupField name="visibility" legend="Who can see it" options={GROUP_VISIBILITIES} value={chosenVisibility} error={errors.visibility} />
        <MarkdownEditor {...fieldProps(state, "description")} label="Description" maxLength={2_000} rows={5} />
        <MarkdownEditor {...fieldProps(state, "guidelines")} label="House guidelines (optional)" maxLength={5_000} rows={8} />
        <div className="button-row">
          <SubmitButton>Start the group</SubmitButton>
          <Link to="/groups">Cancel</Link>
        </div>
      </Form>
    </div>
  );
}
