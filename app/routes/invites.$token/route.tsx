import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SubmitButton } from "~/components/forms";
import { PostBody } from "~/components/markdown-editor";
import { getGroupAccessById } from "~/models/groups.server";
import { acceptInvite, findInvite, GroupRuleError } from "~/models/group-joining.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure } from "~/utils/forms.server";
import { notFound } from "~/utils/groups.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  ...pageMeta(matches, data?.state === "open" ? `Join ${data.group.name}` : data?.state === "member" ? `Invitation · ${data.group.name}` : "Invitation"),
];

const UNUSABLE = "This invite link has expired or was withdrawn. Ask the person who sent it for a new one.";

/** The link, and whether the viewer is in its group already. Unknown links are 404s; spent ones say so (410) without naming the group. */
async function lookUp(token: string | undefined, user: { id: string; role: string }) {
  const db = getDb();
  const invite = await findInvite(db, token ?? "");
  if (!invite) throw notFound();
  if (!invite.usable) return { invite, isMember: false };
  const access = await getGroupAccessById(db, invite.group_id, { id: user.id, role: user.role });
  return { invite, isMember: access?.isMember ?? false };
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { invite, isMember } = await lookUp(params.token, user);
  if (!invite.usable) return data({ state: "unusable" as const }, { status: 410 });
  if (isMember) return { state: "member" as const, group: { slug: invite.slug, name: invite.name } };
  return { state: "open" as const, group: { name: invite.name, descriptionHtml: invite.description_html } };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const { invite, isMember } = await lookUp(params.token, user);
  if (!invite.usable) return formFailure({ form: UNUSABLE }, {}, 410);
  // Already in (perhaps as a moderator): nothing to accept, and nothing to change.
  if (isMember) return redirect(`/groups/${invite.slug}`);
  try {
    const { slug } = await acceptInvite(getDb(), params.token ?? "", user.id);
    return redirect(`/groups/${slug}`);
  } catch (error) {
    if (error instanceof GroupRuleError) return formFailure({ form: error.message }, {}, error.status === 409 ? 410 : error.status);
    throw error;
  }
}

export default function Invitation() {
  const page = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  if (page.state === "unusable") {
    return (
      <div className="stack narrow">
        <Breadcrumbs trail={[{ to: "/groups", label: "Groups" }]} current="Invitation" />
        <h1>This invite link has stopped working</h1>
        <p className="lead">Invite links last a few days, and a group's moderators can withdraw one at any time.</p>
        <p>If you'd still like to join, ask the person who sent it for a new link. Nothing is wrong with your account.</p>
        <p>
          <Link to="/groups" className="button button--secondary">
            Browse groups
          </Link>
        </p>
      </div>
    );
  }
  if (page.state === "member") {
    return (
      <div className="stack narrow">
        <nav aria-label="Breadcrumb" className="breadcrumbs">
          <Link to="/groups">Groups</Link> › <Link to={`/groups/${page.group.slug}`}>{page.group.name}</Link> › <span aria-current="page">Invitation</span>
        </nav>
        <h1>You're already in {page.group.name}</h1>
        <p>This invitation is for a group you belong to, so there's nothing more to do.</p>
        <p>
          <Link to={`/groups/${page.group.slug}`} className="button button--primary">
            Go to {page.group.name}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="stack narrow">
      <nav aria-label="Breadcrumb" className="breadcrumbs">
        <Link to="/groups">Groups</Link> › <span aria-current="page">Invitation</span>
      </nav>
      <h1>You're invited to join {page.group.name}</h1>
      <FormErrors state={state} />
      <section className="card" aria-labelledby="about-group">
        <h2 id="about-group">About this group</h2>
        {page.group.descriptionHtml ? <PostBody html={page.group.descriptionHtml} /> : <p className="muted">No description yet.</p>}
      </section>
      <p className="muted">Joining lets you read and post in the group. Other members see your display name, never your e-mail address. You can leave whenever you like.</p>
      <Form method="post">
        <div className="button-row">
          <SubmitButton>Join {page.group.name}</SubmitButton>
          <Link to="/groups">Not now</Link>
        </div>
      </Form>
    </div>
  );
}
