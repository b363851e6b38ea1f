import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { SavedMessage } from "~/components/forms";
import { WatchedWordsEditor } from "~/components/watched-words";
import { listWatchedWords } from "~/models/posting-rules.server";
import { requirePermission } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { watchedWordAction } from "~/utils/watched-words-form.server";
import { pageMeta } from "~/utils/site-title";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "Watched words · Admin");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "site:settings");
  const words = await listWatchedWords(getDb(), null);
  return { words: words.map((w) => ({ id: w.id, phrase: w.phrase, action: w.action, note: w.note ?? "", scope: "Every group", removable: true })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = await requirePermission(request, context, "site:settings");
  return watchedWordAction(request, user.id, null);
}

export default function AdminWatchedWords() {
  const { words } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>();
  return (
    <div className="stack">
      <h1>Watched words</h1>
      <p className="muted">
        Site-wide rules for every group. Harbor ships defaults for drug sourcing and selling; change them to suit your community. Group moderators can add their own group's words
        too.
      </p>
      <SavedMessage state={state} />
      <WatchedWordsEditor words={words} state={state && "errors" in state ? state : undefined} />
    </div>
  );
}
