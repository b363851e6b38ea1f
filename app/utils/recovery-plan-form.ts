/** The plan form's schema (browser-safe). */
import { z } from "zod";
import { privateTextField } from "./recovery-forms";
import { textField } from "./schemas";

export const PLAN_TEXT_MAX = 4000;

export interface PlanContact {
  name: string;
  phone: string;
}

export interface RecoveryPlan {
  triggers: string;
  warningSigns: string;
  coping: string;
  contacts: PlanContact[];
  places: string;
  reasons: string;
}

export const PLAN_SECTIONS = [
  { key: "triggers", title: "My triggers", hint: "People, places, feelings or times that make using more likely." },
  { key: "warningSigns", title: "My early warning signs", hint: "What you notice in yourself before things slide: sleep, mood, isolating, old thinking." },
  { key: "coping", title: "What I can do instead", hint: "Coping strategies that have helped: a walk, a shower, breathing, a meeting, writing it down." },
  { key: "places", title: "Places I can go", hint: "Meetings, a friend's house, somewhere safe and busy." },
  { key: "reasons", title: "Why I'm in recovery", hint: "Your reasons, in your own words, for the day you need reminding." },
] as const satisfies readonly { key: Exclude<keyof RecoveryPlan, "contacts">; title: string; hint: string }[];

export const PLAN_CONTACTS = 6;

const contactFields = Object.fromEntries(
  Array.from({ length: PLAN_CONTACTS }, (_, i) => [
    [`contact${i}_name`, textField("Name", { max: 60 })],
    [`contact${i}_phone`, textField("Phone", { max: 30 }).refine((s) => s === "" || /^[+0-9 ().-]{3,30}$/.test(s), "Use digits, spaces and + ( ) - only.")],
  ]).flat(),
) as Record<string, z.ZodTypeAny>;

export const planSchema = z
  .object({
    triggers: privateTextField("Triggers", PLAN_TEXT_MAX),
    warningSigns: privateTextField("Warning signs", PLAN_TEXT_MAX),
    coping: privateTextField("Coping strategies", PLAN_TEXT_MAX),
    places: privateTextField("Places", PLAN_TEXT_MAX),
    reasons: privateTextField("Reasons", PLAN_TEXT_MAX),
    ...contactFields,
  })
  .superRefine((form, ctx) => {
    const values = form as Record<string, string>;
    for (let i = 0; i < PLAN_CONTACTS; i++) {
      if (values[`contact${i}_phone`] && !values[`contact${i}_name`]) ctx.addIssue({ code: "custom", path: [`contact${i}_name`], message: "Add a name for this number." });
    }
  });
