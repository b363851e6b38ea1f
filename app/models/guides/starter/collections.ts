/** The starter library's collections (stable slugs: the crisis page, check-in and plan look guides up by them). */
export const STARTER_COLLECTIONS = [
  {
    slug: "withdrawal-and-tapering",
    name: "Withdrawal and tapering — what to expect",
    description: "What a supervised taper and the months after it can be like, and why every dose change stays with a prescriber.",
  },
  { slug: "coping-with-cravings", name: "Coping with cravings", description: "Ways to ride out an urge when it comes." },
  { slug: "sleep", name: "Sleep", description: "Rest in early recovery, when sleep is slow to come back." },
  { slug: "anxiety-and-panic", name: "Anxiety and panic", description: "Getting through a wave of panic, and what helps afterwards." },
  { slug: "relapse-prevention", name: "Relapse prevention", description: "Planning ahead for hard moments, and coming back after a slip." },
  { slug: "for-families", name: "For families", description: "For the people who love someone in recovery." },
] as const;

/** The collections the crisis page, a hard check-in and the plan offer (docs/guides.md, "Where guides meet people"). */
export const COPING_COLLECTIONS = ["coping-with-cravings", "anxiety-and-panic"];
export const CRAVING_COLLECTIONS = ["coping-with-cravings"];
export const PLAN_COLLECTIONS = ["relapse-prevention"];

/** The line every starter guide ends with. */
export const PEER_NOTE =
  "*This is peer information from the people who run this community, not medical advice. Any change to a medication or its dose belongs with your prescriber. If you are in danger right now, open [Need help now?](/help).*";
