import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { DiffView } from "~/components/guides/diff-view";
import { revisionChanges } from "~/models/guides/diff.server";
import { listGuideRevisions } from "~/models/guides/guides.server";
import { getSiteConfig } from "~/models/site-config.server";
import { getDb } from "~/utils/db.server";
import { requireReadableGuide } from "~/utils/guides.server";
import { pageMeta } from "~/utils/site-title";
import { formatDateTime } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data ? `History of ${data.title} · Guides` : "Guides");

// Whoever may read a guide may see how it changed (app/policy/guides.ts, maySeeGuideHistory): a
// draft's history is for editors and admins, as the draft is.
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { auth, guide } = await requireReadableGuide(request, context, params.slug);
  const db = getDb();
  const zone = auth?.user.time_zone ?? (await getSiteConfig(db)).defaultTimeZone;
  const revisions = await listGuideRevisions(db, guide.id);
  return {
    slug: guide.slug,
    title: guide.title,
    revisions: revisions.map((r, i) => ({
      number: r.number,
      at: formatDateTime(r.created_at, zone),
      by: r.editor_name ?? (r.number === 1 && guide.starter_key ? "Harbor's starter library" : "a former editor"),
      note: r.note,
      changes: revisionChanges(revisions[i + 1] ?? null, r),
    })),
  };
}

export default function GuideHistory() {
  const { slug, title, revisions } = useLoaderData<typeof loader>();
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/guides", label: "Guides" },
          { to: `/guides/${slug}`, label: title },
        ]}
        current="History"
      />
      <h1>History of “{title}”</h1>
      <p className="muted">Every saved version, newest first, with what changed from the one before: removed words are struck through, added words underlined.</p>
      <ol className="guide-history">
        {revisions.map((r) => (
          <li key={r.number} className="card stack">
            <h2 className="guide-history__head">
              Version {r.number}{" "}
              <span className="muted small">
                · {r.at} · {r.by}
              </span>
            </h2>
            {r.note ? <p>“{r.note}”</p> : null}
            {r.changes.events.length > 0 ? <p className="small">{r.changes.events.join(" · ")}</p> : null}
            <DiffView label="Title" parts={r.changes.title} />
            <DiffView label="Summary" parts={r.changes.summary} />
            <DiffView label="Text" parts={r.changes.body} />
            {r.number > 1 && r.changes.title.length + r.changes.summary.length + r.changes.body.length === 0 ? <p className="muted small">No change to the words.</p> : null}
          </li>
        ))}
      </ol>
      <p>
        <Link to={`/guides/${slug}`}>Back to the guide</Link>
      </p>
    </div>
  );
}
