import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, isRouteErrorResponse, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { Form, FormErrors, SubmitButton } from "~/components/forms";
import { GuideBadges } from "~/components/guides/guide-badges";
import { PostBody } from "~/components/markdown-editor";
import { isGuideSaved, setGuideSaved } from "~/models/guides/guides.server";
import { getSiteConfig } from "~/models/site-config.server";
import { maySaveGuide, mayWriteGuides } from "~/policy";
import { requireAuth } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { notFound } from "~/utils/groups.server";
import { requireReadableGuide, viewerOf } from "~/utils/guides.server";
import { pageMeta } from "~/utils/site-title";
import { formatDate } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, data ? `${data.guide.title} · Guides` : "Guides", data?.guide.summary || undefined);

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { auth, viewer, guide } = await requireReadableGuide(request, context, params.slug);
  const db = getDb();
  const zone = auth?.user.time_zone ?? (await getSiteConfig(db)).defaultTimeZone;
  return {
    guide: {
      slug: guide.slug,
      title: guide.title,
      summary: guide.summary,
      html: guide.body_html,
      status: guide.status,
      visibility: guide.visibility,
      collection: guide.collection_slug ? { slug: guide.collection_slug, name: guide.collection_name ?? "" } : null,
      reviewed: guide.reviewed_at ? { on: formatDate(guide.reviewed_at, zone), by: guide.reviewer_name ?? "a former editor" } : null,
      starter: guide.starter_key !== null,
    },
    canWrite: mayWriteGuides(viewer),
    // null: a visitor (the button asks them to sign in); only published guides are saved.
    saved: auth && maySaveGuide(viewer, guide) ? await isGuideSaved(db, auth.user.id, guide.id) : null,
    signedIn: !!auth,
  };
}

const saveSchema = z.object({ intent: z.enum(["save", "unsave"], { errorMap: () => ({ message: "Choose save or remove." }) }) });

export async function action({ request, context, params }: ActionFunctionArgs) {
  const auth = await requireAuth(request, context);
  const { guide } = await requireReadableGuide(request, context, params.slug);
  if (!maySaveGuide(viewerOf(auth), guide)) throw notFound();
  const form = await parseForm(request, saveSchema);
  if (!form.ok) return rejectForm(form);
  await setGuideSaved(getDb(), auth.user.id, guide.id, form.data.intent === "save");
  return { ok: true as const, message: form.data.intent === "save" ? "Saved to My guides." : "Removed from My guides." };
}

export default function GuidePage() {
  const { guide, canWrite, saved, signedIn } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <article className="stack readable guide">
      <Breadcrumbs
        trail={[{ to: "/guides", label: "Guides" }, ...(guide.collection ? [{ to: `/guides#${guide.collection.slug}`, label: guide.collection.name }] : [])]}
        current={guide.title}
      />
      <header className="stack guide__head">
        <h1>
          {guide.title} <GuideBadges status={guide.status} visibility={guide.visibility} />
        </h1>
        {guide.summary ? <p className="lead">{guide.summary}</p> : null}
        <p className="muted small guide__reviewed">
          {guide.reviewed
            ? `Last reviewed on ${guide.reviewed.on} by ${guide.reviewed.by}.`
            : guide.starter
              ? "From Harbor's starter library; not yet reviewed on this site."
              : "Not reviewed yet."}{" "}
          <Link to={`/guides/${guide.slug}/history`}>History</Link>
        </p>
      </header>
      {guide.status === "draft" ? (
        <p className="alert alert--info" role="note">
          This is a draft: only editors and admins can see it.
        </p>
      ) : null}
      <PostBody html={guide.html} />
      <div className="guide__actions">
        {state && "message" in state ? (
          <p className="alert alert--success" role="status">
            {state.message}
          </p>
        ) : null}
        <FormErrors state={state && "errors" in state ? state : undefined} />
        {saved !== null ? (
          <Form method="post">
            <SubmitButton variant="secondary" name="intent" value={saved ? "unsave" : "save"}>
              {saved ? "Remove from My guides" : "Save to My guides"}
            </SubmitButton>
          </Form>
        ) : !signedIn ? (
          <p className="small muted">
            <Link to={`/login?redirectTo=${encodeURIComponent(`/guides/${guide.slug}`)}`}>Sign in</Link> to save guides to My guides.
          </p>
        ) : null}
        {canWrite ? (
          <Link to={`/guides/${guide.slug}/edit`} className="button button--secondary">
            Edit guide
          </Link>
        ) : null}
      </div>
    </article>
  );
}

/** A guide that isn't there for this reader: one answer for a missing, draft or members-only guide, so none of them leaks. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status !== 404) throw error;
  return (
    <div className="stack narrow">
      <h1>We couldn't find that guide</h1>
      <p className="lead">It may have been moved or unpublished, or it may be for signed-in members only.</p>
      <p>
        <Link to="/guides" className="button button--primary">
          All guides
        </Link>
      </p>
      <p className="muted">
        If you're struggling right now, <Link to="/help">these people can help, any time</Link>.
      </p>
    </div>
  );
}
