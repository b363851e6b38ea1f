/**
 * Settings → Blocked members: whom the member blocked, with Unblock; and where Block (on a profile,
 * in a conversation) posts to. Blocking is silent: the blocked member is never told.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, SavedMessage } from "~/components/forms";
import { blockMember, BlockError, listBlocked, unblockMember } from "~/models/blocks.server";
import { requireUser, safeRedirectPath } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { pageMeta } from "~/utils/site-title";
import { formatDateTime } from "~/utils/time";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Blocked members");

export const blockSchema = z.object({
  intent: z.enum(["block", "unblock"], { errorMap: () => ({ message: "Choose block or unblock." }) }),
  memberId: z.string({ required_error: "Choose a member." }).trim().min(1, "Choose a member.").max(64, "Choose a member."),
  redirectTo: z.string().max(300).optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const rows = await listBlocked(getDb(), user.id);
  return { blocked: rows.map((r) => ({ id: r.id, name: r.displayName, since: formatDateTime(r.since, user.time_zone) })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await parseForm(request, blockSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  const { intent, memberId, redirectTo } = form.data;
  if (intent === "unblock") {
    await unblockMember(db, user.id, memberId);
    if (redirectTo) return redirect(safeRedirectPath(redirectTo, "/settings/blocked"));
    return { ok: true as const, message: "Unblocked. You'll see each other's posts again." };
  }
  try {
    const name = await blockMember(db, user.id, memberId);
    if (redirectTo) return redirect(safeRedirectPath(redirectTo, "/settings/blocked"));
    return { ok: true as const, message: `You blocked ${name}. They are not told.` };
  } catch (error) {
    if (error instanceof BlockError) return formFailure({ form: error.message }, {}, error.status);
    throw error;
  }
}

export default function BlockedMembers() {
  const { blocked } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>Blocked members</h1>
      <p>
        When you block a member, neither of you sees the other's posts (theirs show to you as one line you can open), their mentions, reactions and messages no longer reach you,
        and they can't message you or join your support circle. They are not told. Moderators still see everything in the groups they look after.
      </p>
      <SavedMessage state={state} />
      <FormErrors state={state && "errors" in state ? state : undefined} />
      {blocked.length === 0 ? (
        <p className="muted">You haven't blocked anyone. To block a member, open their profile (their name on a post) or use Block in a conversation.</p>
      ) : (
        <ul className="block-list" aria-label="Members you blocked">
          {blocked.map((b) => (
            <li key={b.id} className="list-row block-list__item">
              <span>
                <Link to={`/members/${b.id}`}>{b.name}</Link> <span className="meta">since {b.since}</span>
              </span>
              <Form method="post">
                <input type="hidden" name="memberId" value={b.id} />
                <button type="submit" name="intent" value="unblock" className="button button--secondary">
                  Unblock<span className="visually-hidden"> {b.name}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
