import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Form, FormErrors, SavedMessage, SubmitButton } from "~/components/forms";
import { deleteUserSession, deleteUserSessions, listUserSessions } from "~/models/sessions.server";
import { clearSessionCookie, requireAuth } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formFailure, parseForm, rejectForm } from "~/utils/forms.server";
import { formatDateTime } from "~/utils/time";
import { describeUserAgent } from "~/utils/user-agent";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Your sessions");

export const sessionActionSchema = z.discriminatedUnion(
  "intent",
  [z.object({ intent: z.literal("end"), sessionId: z.string().min(1).max(100) }), z.object({ intent: z.literal("end-others") }), z.object({ intent: z.literal("end-all") })],
  { errorMap: () => ({ message: "Choose which session to end." }) },
);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, session } = await requireAuth(request, context);
  const sessions = await listUserSessions(getDb(), user.id);
  // This device first, then the others by when they were last used.
  sessions.sort((a, b) => Number(b.id === session.id) - Number(a.id === session.id));
  return {
    sessions: sessions.map((s) => ({
      id: s.id,
      device: describeUserAgent(s.user_agent),
      ip: s.ip || "an unknown address",
      signedIn: formatDateTime(s.created_at, user.time_zone),
      lastUsed: formatDateTime(s.last_used_at, user.time_zone),
      current: s.id === session.id,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = await requireAuth(request, context);
  const form = await parseForm(request, sessionActionSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  switch (form.data.intent) {
    case "end": {
      if (form.data.sessionId === session.id) {
        await deleteUserSession(db, user.id, session.id);
        return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(request) } });
      }
      const ended = await deleteUserSession(db, user.id, form.data.sessionId);
      if (!ended) return formFailure({ form: "That session had already ended." }, {}, 404);
      return { ok: true as const, message: "That session has ended. The device it was on is signed out." };
    }
    case "end-others": {
      const count = await deleteUserSessions(db, user.id, session.id);
      return { ok: true as const, message: count === 0 ? "There were no other sessions to end." : `Signed out of ${count} other session${count === 1 ? "" : "s"}.` };
    }
    case "end-all": {
      await deleteUserSessions(db, user.id);
      return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(request) } });
    }
  }
}

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="stack">
      <h1>Your sessions</h1>
      <p className="muted">These are the devices signed in to your account. If you don't recognise one, end it and change your password.</p>
      <SavedMessage state={state} />
      <FormErrors state={state} />
      <ul className="plain-list" aria-label="Signed-in devices">
        {sessions.map((s) => (
          <li key={s.id} className="card session-item">
            <div>
              <p className="session-item__what">
                {s.device} {s.current ? <span className="badge">This device</span> : null}
              </p>
              <p className="muted small">
                Signed in {s.signedIn} from {s.ip}
                <br />
                Last active {s.lastUsed}
              </p>
            </div>
            <Form method="post">
              <input type="hidden" name="sessionId" value={s.id} />
              <SubmitButton variant="secondary" name="intent" value="end">
                {s.current ? "Sign out here" : "End session"}
              </SubmitButton>
            </Form>
          </li>
        ))}
      </ul>
      <div className="button-row">
        {others > 0 ? (
          <Form method="post">
            <SubmitButton variant="secondary" name="intent" value="end-others">
              Sign out of all other sessions
            </SubmitButton>
          </Form>
        ) : null}
        <Form method="post">
          <SubmitButton variant="danger" name="intent" value="end-all">
            Sign out everywhere
          </SubmitButton>
        </Form>
      </div>
    </div>
  );
}
