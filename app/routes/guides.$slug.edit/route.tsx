import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { GuideForm } from "~/components/guides/guide-form";
import { listCollections } from "~/models/guides/guides.server";
import { getDb } from "~/utils/db.server";
import { requireEditableGuide, saveGuideForm } from "~/utils/guides.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Edit guide · Guides");

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { guide } = await requireEditableGuide(request, context, params.slug);
  return {
    slug: guide.slug,
    status: guide.status,
    stored: {
      title: guide.title,
      slug: guide.slug,
      collectionId: guide.collection_id === null ? "" : String(guide.collection_id),
      summary: guide.summary,
      body: guide.body_source,
      visibility: guide.visibility,
    },
    collections: (await listCollections(getDb())).map((c) => ({ id: c.id, name: c.name })),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { auth, guide } = await requireEditableGuide(request, context, params.slug);
  return saveGuideForm(request, auth.user.id, guide);
}

export default function EditGuide() {
  const { slug, status, stored, collections } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack readable">
      <Breadcrumbs
        trail={[
          { to: "/guides", label: "Guides" },
          { to: `/guides/${slug}`, label: stored.title },
        ]}
        current="Edit"
      />
      <h1>Edit guide</h1>
      <p className="muted">
        {status === "published" ? "Published: readers see your changes as soon as you save." : "A draft: only editors and admins see it until you publish it."} Every saved version
        is kept in the guide's history.
      </p>
      <GuideForm stored={stored} collections={collections} state={state} status={status} cancel={`/guides/${slug}`} />
    </div>
  );
}
