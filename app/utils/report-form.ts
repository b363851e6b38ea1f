/** The report form's fields (a post, a thread, a member or a private message): the reason, and a note required for "something else". */
import { z } from "zod";
import { REPORT_REASON_KEYS } from "./moderation-labels";
import { textField } from "./schemas";

export const REPORT_NOTE_MAX = 1000;

export const reportSchema = z
  .object({
    reason: z.enum(REPORT_REASON_KEYS as [string, ...string[]], { errorMap: () => ({ message: "Choose the reason closest to what you saw." }) }),
    note: textField("A note", { max: REPORT_NOTE_MAX, multiline: true }),
  })
  .refine((v) => v.reason !== "other" || v.note.length > 0, { path: ["note"], message: "Please say in a few words what is wrong." });
