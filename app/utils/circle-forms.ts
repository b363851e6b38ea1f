/** Schema pieces for the support circle's forms. Browser-safe: route modules build their schemas from these. */
import { z } from "zod";
import type { CircleRole } from "../../db/schema/circle";
import { checkboxField, integerField } from "./recovery-forms";
import { textField } from "./schemas";

export const CIRCLE_ROLE_VALUES = ["sponsor", "partner", "friend_family", "care_team"] as const satisfies readonly CircleRole[];

export const circleRoleField = z.enum(CIRCLE_ROLE_VALUES, { errorMap: () => ({ message: "Choose what this person is to you." }) });

/** A tracker id from the select ("" for none). */
export const sharedTrackerField = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null),
  z
    .string()
    .regex(/^\d{1,12}$/, "Choose one of your trackers, or none.")
    .nullable()
    .transform((s) => (s === null ? null : Number(s))),
);

/** What a person may see: each off unless ticked. */
export const sharesFields = {
  role: circleRoleField,
  tracker: sharedTrackerField,
  checkins: checkboxField,
  meetings: checkboxField,
  plan: checkboxField,
};

export function sharesFrom(data: { tracker: number | null; checkins: boolean; meetings: boolean; plan: boolean }) {
  return { trackerId: data.tracker, checkins: data.checkins, meetings: data.meetings, plan: data.plan };
}

export const memberNameField = textField("Their display name", { min: 2, max: 40 });

export const checkOnRulesSchema = z.object({
  silenceDays: integerField("Days without a check-in", 1, 30, { required: false }),
  cravingsAt: integerField("Cravings level", 0, 10, { required: false }),
  moodAt: integerField("Mood level", 1, 5, { required: false }),
});

export const ENCOURAGEMENT_MAX = 500;

/** The kind cards a person can send (the words are the member's to read). */
export const ENCOURAGEMENT_CARDS = {
  proud: "I'm proud of you.",
  thinking: "Thinking of you today.",
  one_day: "One day at a time. You've got this.",
  here: "I'm here if you want to talk.",
} as const;
export type EncouragementCard = keyof typeof ENCOURAGEMENT_CARDS;

export function isEncouragementCard(value: unknown): value is EncouragementCard {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(ENCOURAGEMENT_CARDS, value);
}

export const REACH_OUT_LINE_MAX = 280;
