/**
 * The guide form's schema (new and edit): browser-safe pieces only. A guide is Markdown, rendered
 * and sanitised when saved as posts are; HTML meant to run (a script, an inline handler, a
 * javascript: link) is refused with a message at the field rather than quietly shown as text, so
 * an editor knows at once that it will not work.
 */
import { z } from "zod";
import { markdownField } from "./post-forms";
import { cleanText, textField } from "./schemas";

export const GUIDE_BODY_MAX = 20_000;
export const GUIDE_SUMMARY_MAX = 300;

const ACTIVE_CONTENT = /<\s*(script|iframe|object|embed|style|link|meta|form)\b|\son[a-z]+\s*=|javascript\s*:|vbscript\s*:|data\s*:\s*text\/html/i;

export const GUIDE_SCRIPT_MESSAGE =
  "The guide has HTML that would run in the reader's browser (a <script>, an on…= handler or a javascript: link). Guides are Markdown only: please take it out.";

export const guideSchema = z.object({
  intent: z.enum(["save", "publish", "unpublish", "preview"]).default("save"),
  title: textField("Title", { min: 3, max: 120 }),
  slug: z.preprocess((v) => (typeof v === "string" ? cleanText(v, false).toLowerCase() : ""), z.string().max(80, "The address can be at most 80 characters.")),
  collectionId: z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? null : Number(v)),
    z.number({ invalid_type_error: "Choose a collection from the list." }).int("Choose a collection from the list.").positive("Choose a collection from the list.").nullable(),
  ),
  summary: textField("Summary", { min: 10, max: GUIDE_SUMMARY_MAX, multiline: false }),
  body: markdownField("The guide", GUIDE_BODY_MAX).refine((text) => !ACTIVE_CONTENT.test(text), GUIDE_SCRIPT_MESSAGE),
  visibility: z.enum(["public", "members"], { errorMap: () => ({ message: "Choose who can read the guide." }) }),
  note: textField("What changed", { max: 300 }),
  reviewed: z.preprocess((v) => v === "on" || v === "1", z.boolean()),
});

export type GuideForm = z.infer<typeof guideSchema>;
