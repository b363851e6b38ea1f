import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SubmitButton } from "~/components/forms";
import { acceptCircleInvite, findInviteLink } from "~/models/circle/invites.server";
import { getCircleLink } from "~/models/circle/people.server";
import { requireUser } from "~/utils/auth.server";
import { circleFailure } from "~/utils/circle.server";
import { getDb } from "~/utils/db.server";
import { notFoundResponse } from "~/utils/recovery.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Support circle invitation");

/** A circle invite link: unknown links are 404s; spent ones say so (410) without naming the member. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const db = getDb();
  const invite = await findInviteLink(db, params.token ?? "");
  if (!invite || invite.inviteeId !== null) throw notFoundResponse();
  if (!invite.usable) return data({ state: "unusable" as const }, { status: 410 });
  if (invite.memberId === user.id) return { state: "own" as const };
  if (await getCircleLink(db, invite.memberId, user.id)) return { state: "member" as const, memberId: invite.memberId, memberName: invite.memberName };
  return { state: "open" as const, memberName: invite.memberName, roleLabel: invite.roleLabel, items: invite.items };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  try {
    const { memberId } = await acceptCircleInvite(getDb(), user.id, { token: params.token ?? "" });
    return redirect(`/circle/members/${memberId}`);
  } catch (error) {
    return circleFailure(error);
  }
}

export default function JoinCircle() {
  const page = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/circle", label: "Support circle" }]} current="Invitation" />
      {page.state === "unusable" ? (
        <>
          <h1>This invitation has stopped working</h1>
          <p className="lead">Circle invite links work once, for a few days, and can be withdrawn. Ask the person who sent it for a new one. Nothing is wrong with your account.</p>
        </>
      ) : page.state === "own" ? (
        <>
          <h1>This is your own invite link</h1>
          <p>
            Send it to the person you'd like in your circle. You can withdraw it on <Link to="/circle">your circle page</Link>.
          </p>
        </>
      ) : page.state === "member" ? (
        <>
          <h1>You're already in {page.memberName}'s circle</h1>
          <p>
            <Link to={`/circle/members/${page.memberId}`} className="button button--primary">
              Open {page.memberName}'s page
            </Link>
          </p>
        </>
      ) : (
        <>
          <h1>{page.memberName} would like you in their support circle</h1>
          <FormErrors state={state} />
          <p className="lead">
            As their {page.roleLabel.toLowerCase()}. You would see: {page.items.length ? page.items.join(", ") : "nothing yet (they can choose later)"}.
          </p>
          <p className="muted">They choose what you see and can change it at any time. You can leave whenever you like; they'll be told you left.</p>
          <Form method="post" className="button-row">
            <SubmitButton>Accept</SubmitButton>
            <Link to="/circle">Not now</Link>
          </Form>
        </>
      )}
    </div>
  );
}
