import { PEER_NOTE } from "./collections";
import type { StarterGuide } from "./index";

export const WITHDRAWAL_AND_SLEEP: StarterGuide[] = [
  {
    key: "taper-safety",
    slug: "tapering-safely",
    collection: "withdrawal-and-tapering",
    title: "Tapering safely: why dose changes stay with your prescriber",
    summary: "Stopping a benzodiazepine suddenly can be dangerous. What a supervised taper is, and how to talk with your prescriber about yours.",
    body: `## The one rule

**Never stop a benzodiazepine abruptly, and never change your dose on your own.** Stopping suddenly can cause seizures and other serious withdrawal effects. Every change to your dose belongs with your prescriber.

That is true even when you feel ready to be done, even when a dose "isn't doing anything any more", and even when someone online had a faster taper that worked for them.

## What a supervised taper is

A taper lowers the dose step by step, with time in between for your body and brain to adjust. Your prescriber decides the steps and the pace with you. Many people find that a slow taper, adjusted to how they are doing, is easier to live with than a fast one.

## Talking with your prescriber

- Write down how you have been since the last step: sleep, anxiety, mood, anything new in your body.
- Say so if a step feels too hard. A taper can usually be slowed or paused; that is not failure.
- Ask what to do if symptoms get worse between appointments, and who to call out of hours.
- Keep your own record. Harbor's private **taper log** under My recovery is there for that: it records what was prescribed, it never suggests a dose.

## If something feels wrong

If you have stopped suddenly, or you feel very unwell (confusion, a seizure, thoughts of harming yourself), call emergency services or use the numbers on [Need help now?](/help).

${PEER_NOTE}`,
  },
  {
    key: "protracted-withdrawal",
    slug: "protracted-withdrawal",
    collection: "withdrawal-and-tapering",
    title: "Protracted withdrawal: when symptoms last longer",
    summary: "For some people, symptoms come and go for months after a taper. You are not imagining it, and it does ease.",
    body: `## What people describe

After a benzodiazepine taper (and after some other substances), many people have symptoms that last longer than the first weeks: poor sleep, waves of anxiety, low mood, trouble concentrating, tingling or aches, a sense that the world feels strange. They often come in **waves and windows**: hard days, then clearer ones.

## What helps people get through it

- **Knowing it has a name.** Many in this community have been there; the Benzo Recovery Circle is a good place to ask.
- **Noticing the windows.** A good day is worth writing down in your check-in or journal. On a hard day it is proof that good days happen.
- **Keeping days simple.** Regular meals, some daylight and gentle movement, the same bedtime.
- **Telling your prescriber.** New or worsening symptoms are worth a conversation, and some symptoms need a doctor to rule out other causes.

## What to be careful with

Some people are tempted to "fix" a wave by changing their dose, adding something, or stopping what they take. Please don't: bring it to your prescriber instead.

${PEER_NOTE}`,
  },
  {
    key: "first-weeks-home",
    slug: "the-first-weeks-home",
    collection: "withdrawal-and-tapering",
    title: "The first weeks home",
    summary: "Leaving treatment is a big change. What many alumni found hard in the first weeks, and what helped.",
    body: `## It is normal for it to feel hard

Treatment has a shape: people around you, a timetable, meetings. At home much of that is gone at once. Many alumni say the first weeks were lonelier and more tiring than they expected.

## Small anchors for each day

- **One connection a day**: a meeting, a call, a message in your group.
- **A check-in.** Harbor's daily check-in takes a minute and shows you your own pattern over time.
- **Meals, light and movement.** Not a programme; just the basics, most days.
- **A plan for evenings and weekends**, when old routines pull hardest.

## Ask early

If something is not right (sleep, mood, cravings, a medication question), ask early: your aftercare team, your prescriber, your group. Nobody expects you to do this alone.

${PEER_NOTE}`,
  },
  {
    key: "sleep-hygiene",
    slug: "sleep-in-early-recovery",
    collection: "sleep",
    title: "Sleep in early recovery",
    summary: "Sleep often comes back slowly: months, not weeks. Habits that give it the best chance.",
    body: `## Be patient with it

Poor sleep is one of the most common complaints in early recovery, especially after a benzodiazepine taper. For many people it improves slowly over months. It does improve.

## Habits that give sleep its best chance

- **The same wake-up time every day**, weekends too, even after a bad night.
- **Daylight in the morning**, and some movement during the day.
- **A wind-down hour**: dim lights, no news or scrolling, something calm.
- **Keep the bed for sleep.** If you have been awake for a long while, get up, do something quiet in low light, and go back when sleepy.
- **Caffeine before noon only**, and go easy on heavy meals late at night.
- **No clock-watching.** Turn the clock away.

## A word about sleeping pills

Please do not add sleep medication or change a dose on your own to get through a bad stretch, and do not use alcohol to fall asleep. If sleep is making life very hard, that is a conversation for your prescriber.

${PEER_NOTE}`,
  },
];
