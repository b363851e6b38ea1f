import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getPlan } from "~/models/recovery-plan.server";
import { PLAN_SECTIONS } from "~/utils/recovery-plan-form";
import { requireRecoveryOwner } from "~/utils/recovery.server";
import { crisisResourcesFor } from "~/models/crisis-directory.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "My plan (print)");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, db } = await requireRecoveryOwner(request, context);
  // The service worker keeping this page for one member (app/pwa/service-worker.js) names them:
  // someone else signed in here gets nothing, and the kept copy is dropped.
  const keptFor = request.headers.get("Harbor-Plan-For");
  if (keptFor !== null && keptFor !== user.id) throw new Response("Not found", { status: 404 });
  const [{ plan }, crisis] = await Promise.all([getPlan(db, user.id), crisisResourcesFor(db, user.id)]);
  return { plan, name: user.display_name, crisis: crisis.resources.map((r) => ({ name: r.name, contact: r.contact })) };
}

function Lines({ text }: { text: string }) {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return <p className="muted">(not filled in yet)</p>;
  return (
    <ul>
      {lines.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}

export default function PlanPrint() {
  const { plan, name, crisis } = useLoaderData<typeof loader>();
  return (
    <div className="stack plan-print">
      <p className="no-print">
        <Link to="/recovery/plan">← Back to editing</Link> · Use your browser's Print command (Ctrl+P or ⌘P) to print or save it as a PDF.
      </p>
      <h1>{name}'s relapse-prevention plan</h1>
      {PLAN_SECTIONS.slice(0, 3).map((s) => (
        <section key={s.key} className="card plan-section">
          <h2>{s.title}</h2>
          <Lines text={plan[s.key]} />
        </section>
      ))}
      <section className="card plan-section">
        <h2>People I can call</h2>
        {plan.contacts.length === 0 ? (
          <p className="muted">(not filled in yet)</p>
        ) : (
          <ul>
            {plan.contacts.map((c, i) => (
              <li key={i}>
                <strong>{c.name}</strong>
                {c.phone ? (
                  <>
                    {" "}
                    — <a href={`tel:${c.phone.replace(/[^+0-9]/g, "")}`}>{c.phone}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      {PLAN_SECTIONS.slice(3).map((s) => (
        <section key={s.key} className="card plan-section">
          <h2>{s.title}</h2>
          <Lines text={plan[s.key]} />
        </section>
      ))}
      <section className="card plan-section">
        <h2>If I'm in danger</h2>
        <ul>
          {crisis.map((r) => (
            <li key={r.name}>
              <strong>{r.name}</strong>: {r.contact}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
