/** The form behind the watched-words editor (admin: site-wide; moderators: their group's own). */
import { z } from "zod";
import { addWatchedWord, removeWatchedWord } from "../models/posting-rules.server";
import { compilePhrase } from "./content-screen";
import { getDb } from "./db.server";
import { formFailure, parseForm, rejectForm } from "./forms.server";
import { textField } from "./schemas";

export const watchedWordSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("add"),
      phrase: textField("The word or phrase", { min: 2, max: 80 }).refine((p) => compilePhrase(p) !== null, "Use letters or numbers: punctuation alone can't be matched."),
      action: z.enum(["block", "approve", "flag"], { errorMap: () => ({ message: "Choose what happens." }) }),
      note: textField("The reason", { max: 120 }),
    }),
    z.object({ intent: z.literal("remove"), id: z.coerce.number().int() }),
  ],
  { errorMap: () => ({ message: "Choose what to do." }) },
);

export async function watchedWordAction(request: Request, actorId: string, groupId: number | null) {
  const form = await parseForm(request, watchedWordSchema);
  if (!form.ok) return rejectForm(form);
  const db = getDb();
  if (form.data.intent === "add") {
    await addWatchedWord(db, actorId, { groupId, phrase: form.data.phrase.toLowerCase(), action: form.data.action, note: form.data.note });
    return { ok: true as const, message: `“${form.data.phrase}” added.` };
  }
  const removed = await removeWatchedWord(db, actorId, form.data.id, groupId);
  if (!removed) return formFailure({ form: "That word is no longer on the list." }, {}, 404);
  return { ok: true as const, message: "Removed." };
}
