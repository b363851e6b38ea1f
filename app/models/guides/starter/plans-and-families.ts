import { PEER_NOTE } from "./collections";
import type { StarterGuide } from "./index";

export const PLANS_AND_FAMILIES: StarterGuide[] = [
  {
    key: "high-risk-situations",
    slug: "planning-for-high-risk-situations",
    collection: "relapse-prevention",
    title: "Planning for high-risk situations",
    summary: "Ideas for your plan: knowing your triggers, early warning signs and what you will do instead, written down on a good day.",
    body: `## Why plan ahead

In a hard moment it is difficult to think clearly. A plan made on a good day does the thinking for you. Harbor keeps yours private in [My relapse-prevention plan](/recovery/plan).

## Ideas for your plan

**Triggers**: people, places, times and feelings that pull you toward using. Payday, a certain street, family visits, being alone on Sunday evening, conflict, celebrations.

**Warning signs**: the changes that come before a slip. Skipping meetings, poor sleep, isolating, romanticising old times, "just one won't hurt", keeping secrets.

**What I'll do instead**:

- leave, or don't go; have a reason ready to say
- call someone on your list before, not after
- [urge surfing](/guides/urge-surfing) and the [HALT check](/guides/halt-hungry-angry-lonely-tired)
- go to a meeting, online if that's what there is

**People I can call**: two or three names, with their numbers, who know they are on your list.

**Reasons**: why recovery matters to you, in your own words.

## Special occasions

Holidays, weddings, anniversaries and bad news are the classics. Plan who you'll be with, how you'll get home, and when you'll leave.

${PEER_NOTE}`,
  },
  {
    key: "after-a-slip",
    slug: "after-a-slip",
    collection: "relapse-prevention",
    title: "After a slip: coming back without shame",
    summary: "A slip doesn't erase your recovery. How to get through the next hours and days, and what to learn from it.",
    body: `## A slip is not the end

Many people in long recovery had slips along the way. What you learned and the days you stayed well are still yours. Harbor's trackers keep your history when you restart, for exactly that reason.

## The next few hours

- **Be safe.** Don't use alone, and tell someone where you are. Tolerance drops quickly: a dose that used to be usual can now be dangerous.
- **If you take a benzodiazepine**, do not stop or change it suddenly because of a slip: talk to your prescriber.
- **Reach out** to someone from your list, your sponsor or your group.

## The next few days

- Go to a meeting, or post in your group: many will have been there.
- Look at what happened, without blame: what came before it? Tired, lonely, a trigger you didn't see coming?
- Add what you learn to your [relapse-prevention plan](/recovery/plan).

If you are struggling to stay safe, use [Need help now?](/help) now.

${PEER_NOTE}`,
  },
  {
    key: "supporting-someone",
    slug: "supporting-someone-in-recovery",
    collection: "for-families",
    title: "How to support someone in recovery",
    summary: "For families and friends: what helps, what tends not to, and looking after yourself too.",
    body: `## What tends to help

- **Listen more than you advise.** "That sounds hard" is often enough.
- **Ask what would help**, rather than guessing.
- **Notice effort**, not only results: a meeting attended, a hard evening got through.
- **Keep to your own boundaries**, calmly and consistently.
- **Learn about their recovery**: if they are tapering off a benzodiazepine, know that it can take months, and that dose changes belong with their prescriber, not with the family.

## What tends not to help

- Checking up on them constantly, or searching their things.
- Bringing up old mistakes in every argument.
- Taking a slip as proof that nothing has changed.

## If you are worried about their safety

If someone seems in danger, has taken something and is very unwell, or talks about ending their life, call emergency services or use [Need help now?](/help).

## Look after yourself too

Family groups (such as Al-Anon, Nar-Anon or a family group at the treatment centre) are for you, not for fixing them. You matter in this too.

${PEER_NOTE}`,
  },
];
