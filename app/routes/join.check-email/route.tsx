import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useSiteName, pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [...pageMeta(matches, "Check your e-mail"), { name: "robots", content: "noindex" }];

/**
 * Where every sign-up lands, whether or not the address already had an account (see
 * app/models/signup.server.ts): the page says the same to everyone.
 */
export default function CheckEmail() {
  const site = useSiteName();
  return (
    <div className="stack narrow">
      <h1>Check your e-mail</h1>
      <p className="lead">We sent a link to finish joining {site} to the address you gave. Open it and enter the password you chose: your account is ready then.</p>
      <p>The link works for 24 hours. If you already have an account with that address, the e-mail says how to sign in instead.</p>
      <p>
        Nothing after a few minutes? Look in your spam or junk folder, or check the address and <Link to="/signup">sign up again</Link>.
      </p>
      <p>
        Already a member? <Link to="/login">Sign in</Link>.
      </p>
    </div>
  );
}
