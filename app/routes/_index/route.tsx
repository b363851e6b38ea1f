import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getAuth } from "~/utils/auth.server";
import { now } from "~/utils/clock.server";

export const meta: MetaFunction = () => [{ title: "Harbor — peer support after treatment" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await getAuth(request, context);
  const url = new URL(request.url);
  const today = auth
    ? new Intl.DateTimeFormat("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: auth.user.time_zone }).format(now())
    : null;
  return {
    user: auth ? { id: auth.user.id, displayName: auth.user.display_name } : null,
    today,
    welcome: url.searchParams.has("welcome"),
    farewell: url.searchParams.has("farewell"),
  };
}

export default function Home() {
  const { user, today, welcome, farewell } = useLoaderData<typeof loader>();
  if (user) {
    return (
      <div className="stack">
        <div className="hero">
          <p className="muted">{today}</p>
          <h1>{welcome ? `Welcome to Harbor, ${user.displayName}.` : `Good to see you, ${user.displayName}.`}</h1>
          <p className="lead">One day at a time. Whatever today looks like, you're not on your own here.</p>
        </div>
        {welcome ? (
          <div className="alert alert--success" role="status">
            <p>Your account is ready. You can add a few words about yourself and check your time zone on your profile.</p>
          </div>
        ) : null}
        <div className="card-grid">
          <section className="card" aria-labelledby="card-profile">
            <h2 id="card-profile">Your profile</h2>
            <p>Choose how you appear to others and set your time zone.</p>
            <Link to="/settings/profile" className="button button--secondary">Edit profile</Link>
          </section>
          <section className="card" aria-labelledby="card-sessions">
            <h2 id="card-sessions">Your sessions</h2>
            <p>See where you're signed in, and sign out of any device.</p>
            <Link to="/settings/sessions" className="button button--secondary">Review sessions</Link>
          </section>
          <section className="card" aria-labelledby="card-help">
            <h2 id="card-help">On a hard day</h2>
            <p>Crisis lines that answer any time, and a few things that can help right now.</p>
            <Link to="/help" className="button button--secondary">Find help</Link>
          </section>
        </div>
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
          Harbor keeps alumni and peer groups connected: talk with people who understand, find your meetings, and keep track of your own progress —
          privately, at your own pace.
        </p>
        <div className="button-row">
          <Link to="/signup" className="button button--primary">Join Harbor</Link>
          <Link to="/login" className="button button--secondary">Sign in</Link>
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
