/** Crisis resources: the types and the United States defaults (the regions: crisis-directory.server.ts). */

export interface CrisisResource {
  name: string;
  /** How to reach it, as people say it: "Call or text 988". */
  contact: string;
  /** tel:, sms: or https: link, optional. */
  href: string;
  description: string;
}

export interface CrisisSettings {
  /** Where these resources apply: "United States". */
  region: string;
  resources: CrisisResource[];
}

export const DEFAULT_CRISIS_SETTINGS: CrisisSettings = {
  region: "United States",
  resources: [
    {
      name: "988 Suicide & Crisis Lifeline",
      contact: "Call or text 988",
      href: "tel:988",
      description: "Free, confidential support 24 hours a day, 7 days a week, for anyone in distress — including substance use crises.",
    },
    {
      name: "SAMHSA National Helpline",
      contact: "1-800-662-4357 (1-800-662-HELP)",
      href: "tel:+18006624357",
      description: "Free, confidential treatment referral and information, 24/7, in English and Spanish.",
    },
    {
      name: "Emergency services",
      contact: "Call 911",
      href: "tel:911",
      description: "If you or someone with you is in immediate danger, has taken too much of something, or is having a seizure.",
    },
  ],
};
