import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { EXPORT_SECTIONS } from "~/models/member-data.server";
import { requireRecoveryOwner } from "~/utils/recovery.server";
import { useSiteName, pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "My data");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRecoveryOwner(request, context);
  return { sections: EXPORT_SECTIONS.map((s) => s.title) };
}

export default function ExportPage() {
  const { sections } = useLoaderData<typeof loader>();
  const site = useSiteName();
  return (
    <div className="stack readable">
      <h1>My data</h1>
      <p>Your data is yours. Download a copy whenever you like — it is made fresh for you and never stored anywhere else.</p>
      <section className="card stack" aria-labelledby="json-heading">
        <h2 id="json-heading">Everything, as one file</h2>
        <p>A JSON file with:</p>
        <ul>
          {sections.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
        <p>
          <a href="/recovery/export/harbor-data.json" className="button button--primary" download>
            Download all my data (JSON)
          </a>
        </p>
      </section>
      <section className="card stack" aria-labelledby="csv-heading">
        <h2 id="csv-heading">For a spreadsheet</h2>
        <div className="button-row">
          <a href="/recovery/export/check-ins.csv" className="button button--secondary" download>
            Check-ins (CSV)
          </a>
          <a href="/recovery/export/streaks.csv" className="button button--secondary" download>
            Streaks and slips (CSV)
          </a>
        </div>
      </section>
      <p className="muted">
        Keep downloaded files somewhere safe: they include your private notes. Want to leave {site}? <Link to="/settings/delete">Delete your account</Link> — all of this goes with
        it.
      </p>
    </div>
  );
}
