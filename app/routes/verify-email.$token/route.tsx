import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TOKEN_MESSAGES, verifyEmail } from "~/models/account-tokens.server";
import { getDb } from "~/utils/db.server";
import { useSiteName, pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => [
  ...pageMeta(matches, "Confirm your e-mail address"),
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
];

/** Following the link confirms the address (the link is single-use; opening it again says so kindly). */
export async function loader({ params }: LoaderFunctionArgs) {
  const result = await verifyEmail(getDb(), params.token ?? "");
  if (result.ok || result.alreadyVerified) return { ok: true as const, message: "Thank you: your e-mail address is confirmed." };
  return data({ ok: false as const, message: TOKEN_MESSAGES[result.problem] }, { status: result.problem === "invalid" ? 400 : 410 });
}

export default function VerifyEmail() {
  const result = useLoaderData<typeof loader>();
  const site = useSiteName();
  return (
    <div className="stack narrow">
      <h1>{result.ok ? "Address confirmed" : "This link can't be used"}</h1>
      <p className="lead">{result.message}</p>
      <p>
        {result.ok ? (
          <Link to="/" className="button button--primary">
            Go to {site}
          </Link>
        ) : (
          <>
            You can ask for a new link under <Link to="/settings/email">Settings → E-mail address</Link>.
          </>
        )}
      </p>
    </div>
  );
}
