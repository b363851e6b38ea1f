import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, SavedMessage, SubmitButton } from "~/components/forms";
import { CircleEncouragementList, CirclePeopleList, CircleReachOutList } from "~/components/circle/circle-lists";
import { getCheckOnRules, describeRules } from "~/models/circle/check-on.server";
import { listEncouragement } from "~/models/circle/encouragement.server";
import { acceptCircleInvite, declineCircleInvite, listInvitationsFor, listOpenInvites, withdrawInvite } from "~/models/circle/invites.server";
import { listCirclePeople, listCirclesIn } from "~/models/circle/people.server";
import { listReachOuts } from "~/models/circle/reach-out.server";
import { getStaffRoles } from "~/models/circle/staff-roles.server";
import { isCareTeam } from "~/policy/circle";
import { requireUser } from "~/utils/auth.server";
import { circleFailure } from "~/utils/circle.server";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { formatDateTime } from "~/utils/time";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Support circle");

export const invitationSchema = z.object({
  intent: z.enum(["accept", "decline", "withdraw"], { errorMap: () => ({ message: "Choose what to do with the invitation." }) }),
  inviteId: z
    .string()
    .regex(/^\d{1,9}$/, "That invitation isn't here.")
    .transform(Number),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const db = getDb();
  const zone = user.time_zone;
  const [people, openInvites, invitations, circlesIn, encouragement, reachOuts, staffRoles, rules] = await Promise.all([
    listCirclePeople(db, user.id),
    listOpenInvites(db, user.id),
    listInvitationsFor(db, user.id),
    listCirclesIn(db, user.id),
    listEncouragement(db, user.id, 10),
    listReachOuts(db, user.id, 3),
    getStaffRoles(db, user.id),
    getCheckOnRules(db, user.id),
  ]);
  return {
    people,
    openInvites: openInvites.map((i) => ({ ...i, expires: formatDateTime(i.expiresAt, zone) })),
    invitations,
    circlesIn,
    encouragement: encouragement.map((e) => ({ ...e, when: formatDateTime(e.at, zone) })),
    reachOuts: reachOuts.map((r) => ({
      ...r,
      when: formatDateTime(r.at, zone),
      told: r.told.map((t) => ({ name: t.name, opened: t.openedAt ? formatDateTime(t.openedAt, zone) : null })),
    })),
    careTeam: isCareTeam(staffRoles),
    rules: describeRules(rules),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, invitationSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const { intent, inviteId } = form.data;
  try {
    if (intent === "accept") {
      const { memberId } = await acceptCircleInvite(db, user.id, { id: inviteId });
      return redirect(`/circle/members/${memberId}`);
    }
    if (intent === "decline") {
      await declineCircleInvite(db, user.id, inviteId);
      return { ok: true as const, message: "Invitation declined. Nobody else is told why." };
    }
    await withdrawInvite(db, user.id, inviteId);
    return { ok: true as const, message: "Invitation withdrawn: it can't be used any more." };
  } catch (error) {
    return circleFailure(error);
  }
}

export default function Circle() {
  const data = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack readable">
      <div className="hero">
        <h1>Your support circle</h1>
        <p className="lead">
          The people who walk beside you — a sponsor, an accountability partner, family, your care team. They see only what you choose, and you can change it at any time.
        </p>
      </div>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      {data.invitations.length > 0 ? (
        <section className="card stack-tight" id="invitations" aria-labelledby="invitations-heading">
          <h2 id="invitations-heading">Invitations for you</h2>
          <ul className="plain-list stack-tight">
            {data.invitations.map((i) => (
              <li key={i.id} className="stack-tight">
                <p>
                  <strong>{i.memberName}</strong> would like you in their support circle as {i.roleLabel.toLowerCase()}. You would see:{" "}
                  {i.items.length ? i.items.join(", ") : "nothing yet (they can choose later)"}.
                </p>
                <Form method="post" className="button-row">
                  <input type="hidden" name="inviteId" value={i.id} />
                  <SubmitButton name="intent" value="accept">
                    Accept<span className="visually-hidden"> {i.memberName}'s invitation</span>
                  </SubmitButton>
                  <SubmitButton name="intent" value="decline" variant="secondary">
                    Decline<span className="visually-hidden"> {i.memberName}'s invitation</span>
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card stack-tight" aria-labelledby="people-heading">
        <h2 id="people-heading">People in your circle</h2>
        <CirclePeopleList people={data.people} />
        <p className="button-row">
          <Link to="/circle/invite" className="button button--primary">
            Invite someone
          </Link>
          <Link to="/circle/reach-out">Reach out</Link>
          <Link to="/circle/check-on-me">"Check on me" rules</Link>
          <Link to="/circle/history">History</Link>
        </p>
        <p className="muted small">Check on me: {data.rules}.</p>
      </section>
      {data.openInvites.length > 0 ? (
        <section className="card stack-tight" aria-labelledby="open-invites-heading">
          <h2 id="open-invites-heading">Invitations you sent</h2>
          <ul className="plain-list stack-tight">
            {data.openInvites.map((i) => (
              <li key={i.id}>
                <p>
                  {i.personName ? <strong>{i.personName}</strong> : "An invite link"} · {i.roleLabel} · {i.items.length ? i.items.join(", ") : "nothing shared yet"} · until{" "}
                  {i.expires}
                </p>
                <Form method="post">
                  <input type="hidden" name="inviteId" value={i.id} />
                  <SubmitButton name="intent" value="withdraw" variant="secondary">
                    Withdraw<span className="visually-hidden"> the invitation{i.personName ? ` to ${i.personName}` : ""}</span>
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card stack-tight" id="encouragement" aria-labelledby="encouragement-heading">
        <h2 id="encouragement-heading">Encouragement for you</h2>
        <CircleEncouragementList items={data.encouragement} />
      </section>
      {data.reachOuts.length > 0 ? (
        <section className="card stack-tight" aria-labelledby="reach-outs-heading">
          <h2 id="reach-outs-heading">Your reach-outs</h2>
          <CircleReachOutList items={data.reachOuts} />
        </section>
      ) : null}
      <section className="card stack-tight" aria-labelledby="circles-in-heading">
        <h2 id="circles-in-heading">Circles you're in</h2>
        {data.circlesIn.length === 0 ? (
          <p className="muted">Nobody has added you to their circle yet.</p>
        ) : (
          <ul className="plain-list">
            {data.circlesIn.map((c) => (
              <li key={c.memberId}>
                <Link to={`/circle/members/${c.memberId}`}>{c.displayName}</Link> <span className="muted">· you are their {c.roleLabel.toLowerCase()}</span>
              </li>
            ))}
          </ul>
        )}
        {data.careTeam ? (
          <p>
            <Link to="/circle/care">Members who asked to be checked on</Link>
          </p>
        ) : null}
      </section>
    </div>
  );
}
