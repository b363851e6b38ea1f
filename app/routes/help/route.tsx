import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getCrisisDirectory, regionFor, regionViewerOf, type RegionSource } from "~/models/crisis-directory.server";
import { GuideOffer } from "~/components/guides/guide-offer";
import { crisisPageGuides } from "~/models/guides/offers.server";
import { getAuth } from "~/utils/auth.server";
import { ReachOutButton } from "~/components/circle/reach-out-button";
import { circleHasPeople } from "~/models/circle/people.server";
import { getDb } from "~/utils/db.server";
import { useSiteName, pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, "Need help now?", "People you can call or text right now, any time, and what to do if you take a benzodiazepine.");

// Open to everyone, signed in or not: this page must never be behind a sign-in.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const db = getDb();
  const auth = await getAuth(request, context);
  const [directory, viewer, guides] = await Promise.all([getCrisisDirectory(db), regionViewerOf(db, auth?.user.id), crisisPageGuides(db)]);
  const { shown, source, others } = regionFor(directory, viewer, request);
  const hasCircle = auth ? await circleHasPeople(db, auth.user.id) : false;
  return { code: shown.code, region: shown.region, resources: shown.resources, source, others, signedIn: !!auth, guides, hasCircle };
}

const WHY: Record<RegionSource, string> = {
  asked: "the region you picked",
  profile: "the region in your profile",
  "time-zone": "your time zone",
  browser: "your device's time zone",
  site: "this site's usual region",
};

export default function Help() {
  const { region, resources, source, others, signedIn, guides, hasCircle } = useLoaderData<typeof loader>();
  const siteName = useSiteName();
  return (
    <div className="stack readable">
      <div className="hero">
        <h1>Need help now?</h1>
        <p className="lead">
          You don't have to get through this alone. If you're in danger, thinking about harming yourself, or someone with you is unwell, reach out now. These services are free and
          confidential, and they're there for moments like this.
        </p>
      </div>
      <h2 id="resources-heading">Talk to someone now{region ? ` (${region})` : ""}</h2>
      <ul className="resource-list" aria-labelledby="resources-heading">
        {resources.map((r) => (
          <li key={r.name} className="card resource">
            <h3>{r.name}</h3>
            <p className="resource__contact">{r.href ? <a href={r.href}>{r.contact}</a> : r.contact}</p>
            {r.description ? <p>{r.description}</p> : null}
          </li>
        ))}
      </ul>
      <p className="muted">
        Shown for {region} because of {WHY[source]}.{" "}
        {signedIn ? (
          <>
            You can choose your region in <Link to="/settings/profile">your profile</Link>.
          </>
        ) : null}
      </p>
      {signedIn ? <ReachOutButton hasCircle={hasCircle} /> : null}
      {others.length > 0 ? (
        <nav aria-labelledby="other-regions-heading">
          <h2 id="other-regions-heading">Somewhere else?</h2>
          <ul className="region-links">
            {others.map((o) => (
              <li key={o.code}>
                <Link to={`/help?region=${encodeURIComponent(o.code)}`}>{o.region}</Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <div className="alert alert--safety" role="note">
        <h2>If you take a benzodiazepine</h2>
        <p>
          Stopping a benzodiazepine suddenly can be dangerous: it can cause seizures. Please don't stop or change your dose on your own — any change belongs with your prescriber.
          If you have stopped suddenly and feel very unwell, call emergency services.
        </p>
      </div>
      <p>
        <a href="/recovery/plan/print" className="button button--secondary">
          Open my relapse-prevention plan
        </a>
      </p>
      <h2>While you reach out</h2>
      <ul>
        <li>Breathe slowly: in for four, hold for four, out for six. Do it a few times.</li>
        <li>Call or text someone you trust — a sponsor, a friend, someone from your group.</li>
        <li>Go somewhere safe, with other people around if you can.</li>
        <li>If you've used, don't use alone. Tell someone where you are.</li>
      </ul>
      <GuideOffer id="coping-guides-heading" heading="Guides for getting through it" guides={guides} />
      <p className="muted">
        {siteName} is a peer community, not a crisis service. Moderators are volunteers and may not see a post straight away — please use the numbers above when you need someone
        now.
      </p>
    </div>
  );
}
