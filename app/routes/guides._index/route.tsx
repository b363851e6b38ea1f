import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GuideBadges } from "~/components/guides/guide-badges";
import { listCollections, listGuides } from "~/models/guides/guides.server";
import { mayWriteGuides } from "~/policy";
import { getAuth } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { viewerOf } from "~/utils/guides.server";
import { pageMeta, useSiteName } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, "Guides", "Short guides for recovery: coping with cravings, sleep, anxiety and panic, tapering safely, planning ahead, and for families.");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth(request, context);
  const viewer = viewerOf(auth);
  const db = getDb();
  const [collections, guides] = await Promise.all([listCollections(db), listGuides(db, viewer)]);
  const inCollection = (id: number | null) =>
    guides.filter((g) => g.collection_id === id).map(({ slug, title, summary, status, visibility }) => ({ slug, title, summary, status, visibility }));
  return {
    signedIn: !!auth,
    canWrite: mayWriteGuides(viewer),
    collections: collections.map((c) => ({ slug: c.slug, name: c.name, description: c.description, guides: inCollection(c.id) })).filter((c) => c.guides.length > 0),
    others: inCollection(null),
  };
}

type Item = { slug: string; title: string; summary: string; status: string; visibility: string };

function GuideList({ guides }: { guides: Item[] }) {
  return (
    <ul className="guide-list">
      {guides.map((g) => (
        <li key={g.slug} className="card guide-card">
          <h3 className="guide-card__title">
            <Link to={`/guides/${g.slug}`}>{g.title}</Link> <GuideBadges status={g.status} visibility={g.visibility} />
          </h3>
          {g.summary ? <p>{g.summary}</p> : null}
        </li>
      ))}
    </ul>
  );
}

export default function Guides() {
  const { signedIn, canWrite, collections, others } = useLoaderData<typeof loader>();
  const siteName = useSiteName();
  return (
    <div className="stack readable">
      <div className="page-head">
        <h1>Guides</h1>
        {canWrite ? (
          <div className="button-row">
            <Link to="/guides/new" className="button button--primary">
              New guide
            </Link>
            <Link to="/guides/collections" className="button button--secondary">
              Collections
            </Link>
          </div>
        ) : null}
      </div>
      <p className="lead">
        Short, practical guides from the people who run {siteName}. They are peer information, not medical advice: any change to a medication belongs with your prescriber.
      </p>
      {signedIn ? (
        <p>
          <Link to="/my-guides">My guides</Link>: the ones you saved.
        </p>
      ) : (
        <p className="muted">Some guides are for members only: sign in to see them all.</p>
      )}
      {collections.length > 0 ? (
        <nav aria-label="Collections" className="guide-collections-nav">
          <ul>
            {collections.map((c) => (
              <li key={c.slug}>
                <a href={`#${c.slug}`}>{c.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {collections.map((c) => (
        <section key={c.slug} aria-labelledby={c.slug} className="stack">
          <h2 id={c.slug}>{c.name}</h2>
          {c.description ? <p className="muted">{c.description}</p> : null}
          <GuideList guides={c.guides} />
        </section>
      ))}
      {others.length > 0 ? (
        <section aria-labelledby="other-guides" className="stack">
          <h2 id="other-guides">More guides</h2>
          <GuideList guides={others} />
        </section>
      ) : null}
      {collections.length === 0 && others.length === 0 ? <p className="muted">No guides yet.</p> : null}
    </div>
  );
}
