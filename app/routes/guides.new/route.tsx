import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { GuideForm } from "~/components/guides/guide-form";
import { listCollections } from "~/models/guides/guides.server";
import { getDb } from "~/utils/db.server";
import { requireGuideWriter, saveGuideForm } from "~/utils/guides.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "New guide · Guides");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireGuideWriter(request, context);
  return { collections: (await listCollections(getDb())).map((c) => ({ id: c.id, name: c.name })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const auth = await requireGuideWriter(request, context);
  return saveGuideForm(request, auth.user.id, null);
}

const EMPTY = { title: "", slug: "", collectionId: "", summary: "", body: "", visibility: "public" };

export default function NewGuide() {
  const { collections } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack readable">
      <Breadcrumbs trail={[{ to: "/guides", label: "Guides" }]} current="New guide" />
      <h1>New guide</h1>
      <p className="muted">
        Markdown, kept safe as posts are. Keep it short and warm, and say plainly that it is peer information, not medical advice: dose changes belong with a prescriber.
      </p>
      <GuideForm stored={EMPTY} collections={collections} state={state} status={null} cancel="/guides" />
    </div>
  );
}
