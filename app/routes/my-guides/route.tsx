import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GuideBadges } from "~/components/guides/guide-badges";
import { listSavedGuides } from "~/models/guides/guides.server";
import { requireAuth } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "My guides");

// Private: a member's own saved guides, never anyone else's.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await requireAuth(request, context);
  const saved = await listSavedGuides(getDb(), { id: auth.user.id, role: auth.user.role });
  return {
    guides: saved.map((g) =>
      g.available
        ? { slug: g.slug, available: true as const, title: g.title, summary: g.summary, status: g.status, visibility: g.visibility }
        : { slug: g.slug, available: false as const },
    ),
  };
}

export default function MyGuides() {
  const { guides } = useLoaderData<typeof loader>();
  return (
    <div className="stack readable">
      <h1>My guides</h1>
      <p className="muted">Guides you saved. Only you can see this list.</p>
      {guides.length === 0 ? (
        <p>
          Nothing saved yet. Open a guide in <Link to="/guides">Guides</Link> and choose “Save to My guides”.
        </p>
      ) : (
        <ul className="guide-list">
          {guides.map((g) =>
            g.available ? (
              <li key={g.slug} className="card guide-card">
                <h2 className="guide-card__title">
                  <Link to={`/guides/${g.slug}`}>{g.title}</Link> <GuideBadges status={g.status} visibility={g.visibility} />
                </h2>
                {g.summary ? <p>{g.summary}</p> : null}
              </li>
            ) : (
              <li key={g.slug} className="card guide-card muted">
                A guide you saved is no longer published.
              </li>
            ),
          )}
        </ul>
      )}
      <p>
        <Link to="/guides">All guides</Link>
      </p>
    </div>
  );
}
