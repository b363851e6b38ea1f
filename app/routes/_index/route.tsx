import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DiscreetToggle, HomeDays } from "~/components/home-days";
import { memberHome } from "~/models/home.server";
import { ReachOutButton } from "~/components/circle/reach-out-button";
import { circleHasPeople } from "~/models/circle/people.server";
import { getAuth } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";
import { getDb } from "~/utils/db.server";
import { descriptionMeta, siteNameOf, useSiteName } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [{ title: `${siteNameOf(matches)} — peer support after treatment` }, descriptionMeta(matches)];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth(request, context);
  const url = new URL(request.url);
  const today = auth ? new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: auth.user.time_zone }).format(now()) : null;
  return {
    user: auth ? { id: auth.user.id, displayName: auth.user.display_name } : null,
    home: auth ? await memberHome(getDb(), auth.user) : null,
    hasCircle: auth ? await circleHasPeople(getDb(), auth.user.id) : false,
    today,
    welcome: url.searchParams.has("welcome"),
    farewell: url.searchParams.has("farewell"),
  };
}

/** "Sam R." ends the sentence itself; "Sam" needs a full stop. */
function sentenceEnd(name: string): string {
  return /[.!?]$/.test(name) ? name : `${name}.`;
}

export default function Home() {
  const { user, home, today, welcome, farewell, hasCircle } = useLoaderData<typeof loader>();
  const site = useSiteName();
  if (user && home) {
    return (
      <div className="stack">
        <div className="hero">
          <p className="muted">{today}</p>
          <h1>{welcome ? `Welcome to ${site}, ${sentenceEnd(user.displayName)}` : `Good to see you, ${sentenceEnd(user.displayName)}`}</h1>
          <p className="lead">One day at a time. Whatever today looks like, you're not on your own here.</p>
        </div>
        {welcome ? (
          <div className="alert alert--success" role="status">
            <p>Your account is ready. You can add a few words about yourself and check your time zone on your profile.</p>
          </div>
        ) : null}
        <div className="card-grid home-grid">
          <section className="card stack-tight" aria-labelledby="home-days">
            <h2 id="home-days">Your days</h2>
            {home.trackers.length === 0 ? (
              <p>
                Counting your days can be a quiet source of strength. <Link to="/recovery/trackers/new">Start a tracker</Link> — you can begin from a date in the past.
              </p>
            ) : (
              <>
                <HomeDays trackers={home.trackers} discreet={home.discreet} />
                <DiscreetToggle discreet={home.discreet} />
              </>
            )}
            <p>
              {home.checkedInToday ? (
                <>
                  You have checked in today. <Link to="/recovery/check-in">See or change it</Link>.
                </>
              ) : (
                <Link to="/recovery/check-in" className="button button--secondary">
                  Check in for today
                </Link>
              )}
            </p>
            <p className="muted small">Only you can see this.</p>
          </section>
          <section className="card stack-tight" aria-labelledby="home-meetings">
            <h2 id="home-meetings">Your next meetings</h2>
            {home.meetings.length === 0 ? (
              <p>
                You haven't said you're going to any meetings yet. <Link to="/meetings">Find a meeting</Link> — in person or online.
              </p>
            ) : (
              <ul className="home-list">
                {home.meetings.map((m) => (
                  <li key={`${m.slug}-${m.when}`}>
                    <Link to={`/meetings/${m.slug}`}>{m.name}</Link>
                    <br />
                    <span className="small">
                      {m.day}, {m.when}
                    </span>
                    <br />
                    <span className="muted small">{m.group}</span>
                  </li>
                ))}
              </ul>
            )}
            <p>
              <Link to="/my-meetings">My meetings</Link>
            </p>
          </section>
          <section className="card stack-tight" aria-labelledby="home-groups">
            <h2 id="home-groups">Your groups</h2>
            {home.groups.length === 0 ? (
              <p>
                Talk with people who understand. <Link to="/groups">Find a group</Link> to join.
              </p>
            ) : (
              <ul className="home-list">
                {home.groups.map((g) => (
                  <li key={g.slug}>
                    <Link to={`/groups/${g.slug}`}>{g.name}</Link>
                    {g.unread > 0 ? (
                      <>
                        {" "}
                        · <span className="badge badge--unread">{g.unread} new</span>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {home.moreGroups ? (
              <p>
                <Link to="/my-groups">All my groups</Link>
              </p>
            ) : null}
          </section>
          <section className="card stack-tight" aria-labelledby="card-help">
            <h2 id="card-help">On a hard day</h2>
            <p>Crisis lines that answer any time, your own plan, and a few things that can help right now.</p>
            <p>
              <Link to="/help" className="button button--secondary">
                Find help
              </Link>
            </p>
          </section>
        </div>
        <ReachOutButton hasCircle={hasCircle} />
      </div>
    );
  }
  return (
    <div className="stack">
      {farewell ? (
        <div className="alert alert--info" role="status">
          <p>Your account has been deleted. Take good care of yourself — you're welcome back any time.</p>
        </div>
      ) : null}
      <div className="hero readable">
        <h1>A calm harbour for the road after treatment.</h1>
        <p className="lead">
          {site} keeps alumni and peer groups connected: talk with people who understand, find your meetings, and keep track of your own progress — privately, at your own pace.
        </p>
        <div className="button-row">
          <Link to="/signup" className="button button--primary">
            Join {site}
          </Link>
          <Link to="/login" className="button button--secondary">
            Sign in
          </Link>
        </div>
      </div>
      <div className="card-grid">
        <section className="card" aria-labelledby="why-anon">
          <h2 id="why-anon">You choose your name</h2>
          <p>Use a first name and initial or a nickname. Your e-mail address is never shown to anyone.</p>
        </section>
        <section className="card" aria-labelledby="why-private">
          <h2 id="why-private">Private by design</h2>
          <p>No ads, no trackers, nothing loaded from other companies. What's yours stays yours.</p>
        </section>
        <section className="card" aria-labelledby="why-help">
          <h2 id="why-help">Help is one tap away</h2>
          <p>
            Every page has a <Link to="/help">Need help now?</Link> link to people who answer day and night.
          </p>
        </section>
      </div>
    </div>
  );
}
