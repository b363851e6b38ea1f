/**
 * "Reach out": one tap tells everyone in the member's support circle that they'd like to hear from
 * them (a plain form: it works without JavaScript). A link leads to choosing who and adding a line.
 * Shown on the home page, the crisis page and the check-in page; it never replaces the crisis lines
 * those pages keep on the same screen.
 */
import { Form, Link } from "@remix-run/react";

export function ReachOutButton({ hasCircle }: { hasCircle: boolean }) {
  return (
    <section className="card reach-out stack-tight" aria-labelledby="reach-out-heading">
      <h2 id="reach-out-heading">Reach out to your support circle</h2>
      {hasCircle ? (
        <>
          <p>Let the people you chose know you'd like to hear from them. They won't see why unless you say.</p>
          <Form method="post" action="/circle/reach-out" className="button-row">
            <input type="hidden" name="to" value="all" />
            <button type="submit" className="button button--primary">
              Reach out
            </button>
            <Link to="/circle/reach-out">Choose who, or add a line</Link>
          </Form>
        </>
      ) : (
        <p>
          A sponsor, an accountability partner or someone from your care team can be one tap away. <Link to="/circle">Set up your support circle</Link>.
        </p>
      )}
    </section>
  );
}
