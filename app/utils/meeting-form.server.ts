/**
 * The meeting form (add and edit) as a zod schema, read by parseForm like every other form: the
 * weekdays and the Meeting Guide types are lists (repeated checkboxes), every other field is text,
 * and the meeting's own rules (validateMeeting, shared with the Meeting Guide import) give each
 * field its message.
 */
import { z } from "zod";
import { validateMeeting, type MeetingInput, type RawMeeting } from "../models/meeting-input.server";

const text = z.string({ invalid_type_error: "This field must be text." });

/** A group of checkboxes: the values sent, at most `max` of them. */
function checkboxes(max: number, tooMany: string) {
  return z.array(text).max(max, tooMany);
}

type Check = (raw: RawMeeting) => ReturnType<typeof validateMeeting>;

/** The form's contact slots (contact1Name, contact1Email, contact1Phone … contact3Phone). */
const CONTACT_SLOTS = [1, 2, 3] as const;

/** The form's flat fields as RawMeeting: the contact slots become the list of contacts. */
function rawMeeting(fields: Record<string, unknown>): RawMeeting {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (!/^contact\d(Name|Email|Phone)$/.test(key)) raw[key] = value;
  const slot = (n: number, part: string) => (typeof fields[`contact${n}${part}`] === "string" ? (fields[`contact${n}${part}`] as string) : "");
  raw.contacts = CONTACT_SLOTS.map((n) => ({ name: slot(n, "Name"), email: slot(n, "Email"), phone: slot(n, "Phone") }));
  return raw as RawMeeting;
}

/**
 * The schema gives `{ raw, input }`: what was typed and the meeting it describes. `check` is
 * validateMeeting by default; a route that completes what was typed first (the edit form keeps
 * the meeting's address when the field is left empty) passes its own.
 */
export function meetingFormSchema(check: Check = validateMeeting) {
  return (
    z
      .object({
        days: checkboxes(7, "Choose each weekday at most once."),
        types: checkboxes(60, "That is more meeting types than Harbor knows."),
        /** The add form's group (the route checks it is one the member moderates). */
        groupId: text.optional(),
      })
      // The text fields (name, times, place, link …) are whichever RawMeeting names; validateMeeting checks each.
      .catchall(text)
      .transform((fields, ctx): { raw: RawMeeting; input: MeetingInput; groupId: string } => {
        const { groupId = "", ...rest } = fields;
        const raw = rawMeeting(rest);
        const result = check(raw);
        if (!result.ok) {
          for (const [field, message] of Object.entries(result.errors)) {
            if (message) ctx.addIssue({ code: z.ZodIssueCode.custom, path: field === "form" ? [] : [field], message });
          }
          return z.NEVER;
        }
        return { raw, input: result.input, groupId };
      })
  );
}

/** What was typed, back as RawMeeting, from a form that failed (its text values and its lists). */
export function typedMeeting(failure: { values: Record<string, string>; lists: Record<string, string[]> }): RawMeeting {
  return { ...rawMeeting(failure.values), days: failure.lists.days ?? [], types: failure.lists.types ?? [] };
}
