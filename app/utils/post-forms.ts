/** Schema pieces for everything members write in groups. Browser-safe: route modules build their schemas from these. */
import { z } from "zod";
import { markdownProblem } from "./markdown-limits";
import { cleanText, textField } from "./schemas";

/** A Markdown body: cleaned (line breaks kept), required, and refused when too long or too deeply nested. */
export function markdownField(label: string, max: number, options: { required?: boolean } = {}) {
  const required = options.required ?? true;
  return z.preprocess(
    (value) => (typeof value === "string" ? cleanText(value, true) : ""),
    z.string().superRefine((text, ctx) => {
      if (required && text.length === 0) {
        ctx.addIssue({ code: "custom", message: `Please write ${label.toLowerCase()}.` });
        return;
      }
      const problem = markdownProblem(text, label, max);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  );
}

export const titleField = textField("Title", { min: 3, max: 150 });

/** The one-time token a form carries so that submitting it twice posts once. */
export const clientTokenField = z.preprocess((v) => (typeof v === "string" && /^[a-z2-7]{10,64}$/.test(v) ? v : null), z.string().nullable());

export const intentField = z.enum(["post", "preview"]).default("post");
