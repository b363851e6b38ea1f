/**
 * Starting lists of crisis resources by region, offered when a site is set up (the admin edits the
 * list later under Admin → Crisis resources). Only national, free, round-the-clock lines and the
 * emergency number; "elsewhere" gives the emergency number and an international helpline directory.
 */
import { DEFAULT_CRISIS_SETTINGS, type CrisisSettings } from "./site-settings.server";

const emergency = (number: string, also = ""): CrisisSettings["resources"][number] => ({
  name: "Emergency services",
  contact: `Call ${number}${also}`,
  href: `tel:${number}`,
  description: "If you or someone with you is in immediate danger, has taken too much of something, or is having a seizure.",
});

const samaritans = {
  name: "Samaritans",
  contact: "Call 116 123",
  href: "tel:116123",
  description: "Free, confidential, 24 hours a day, 365 days a year, whatever you are going through.",
};

export const CRISIS_REGIONS = {
  us: DEFAULT_CRISIS_SETTINGS,
  ca: {
    region: "Canada",
    resources: [
      {
        name: "9-8-8 Suicide Crisis Helpline",
        contact: "Call or text 988",
        href: "tel:988",
        description: "Free, 24 hours a day, 7 days a week, in English and French, for anyone thinking about suicide or worried about someone.",
      },
      emergency("911"),
    ],
  },
  gb: {
    region: "United Kingdom",
    resources: [
      samaritans,
      { name: "NHS 111", contact: "Call 111", href: "tel:111", description: "Urgent medical help and advice that isn't an emergency, 24/7." },
      emergency("999"),
    ],
  },
  ie: { region: "Ireland", resources: [samaritans, emergency("112", " or 999")] },
  au: {
    region: "Australia",
    resources: [
      { name: "Lifeline", contact: "Call 13 11 14", href: "tel:131114", description: "Free crisis support and suicide prevention, 24 hours a day, 7 days a week." },
      emergency("000"),
    ],
  },
  elsewhere: {
    region: "International",
    resources: [
      {
        name: "Emergency services",
        contact: "Call your local emergency number",
        href: "",
        description: "If you or someone with you is in immediate danger, has taken too much of something, or is having a seizure.",
      },
      {
        name: "Find A Helpline",
        contact: "findahelpline.com",
        href: "https://findahelpline.com",
        description: "A directory of free, confidential crisis lines in many countries, checked by ThroughLine.",
      },
    ],
  },
} satisfies Record<string, CrisisSettings>;

export type CrisisRegion = keyof typeof CRISIS_REGIONS;

export const CRISIS_REGION_LABELS: Record<CrisisRegion, string> = {
  us: "United States (988, SAMHSA helpline, 911)",
  ca: "Canada (9-8-8, 911)",
  gb: "United Kingdom (Samaritans, NHS 111, 999)",
  ie: "Ireland (Samaritans, 112 or 999)",
  au: "Australia (Lifeline, 000)",
  elsewhere: "Somewhere else (your emergency number and an international directory; add your own lines afterwards)",
};

export function isCrisisRegion(value: string): value is CrisisRegion {
  return Object.hasOwn(CRISIS_REGIONS, value);
}
