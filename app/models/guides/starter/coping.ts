import { PEER_NOTE } from "./collections";
import type { StarterGuide } from "./index";

export const COPING: StarterGuide[] = [
  {
    key: "urge-surfing",
    slug: "urge-surfing",
    collection: "coping-with-cravings",
    title: "Urge surfing: riding out a craving",
    summary: "A craving rises, peaks and falls, usually within half an hour. A way to ride it instead of fighting it.",
    body: `## Cravings are waves

A craving feels as if it will only get stronger until you give in. It doesn't: it rises, peaks and falls, often within 20 to 30 minutes. Urge surfing means riding that wave instead of fighting it or obeying it.

## How to surf an urge

1. **Notice it and name it.** "This is a craving. It will pass."
2. **Find it in your body.** Where do you feel it: chest, stomach, hands, mouth? Is it tight, hot, restless?
3. **Breathe with it.** Slowly, in through the nose, longer out through the mouth. Imagine the breath moving around the feeling.
4. **Watch it change.** Rate it from 0 to 10 every few minutes. Notice it shifting, even a little.
5. **Let it pass.** You don't have to do anything with it.

## Make it easier

- Move away from whatever set it off, if you can.
- Text or call someone while you ride it: you don't have to explain much.
- Afterwards, write down what set it off. It belongs in your [relapse-prevention plan](/recovery/plan).

${PEER_NOTE}`,
  },
  {
    key: "halt",
    slug: "halt-hungry-angry-lonely-tired",
    collection: "coping-with-cravings",
    title: "HALT: hungry, angry, lonely, tired",
    summary: "Four plain needs behind many hard moments. A quick check when a craving or a bad mood arrives.",
    body: `## A four-letter check

When a craving or a bad mood arrives out of nowhere, stop and ask: am I **H**ungry, **A**ngry, **L**onely or **T**ired? Often it is one of these, and each has a plain answer.

- **Hungry**: eat something simple. Low blood sugar feels a lot like anxiety.
- **Angry**: say it out loud to someone safe, write it down, or walk it off before you act on it.
- **Lonely**: reach out. A meeting, a call, a message in your group: "Rough evening, anyone around?"
- **Tired**: rest, even for twenty minutes, and look after tonight's sleep.

## Why it helps

Cravings and old thinking are louder when basic needs are not met. HALT doesn't fix everything, but it turns "I can't cope" into something you can do in the next ten minutes.

Add the HALT check to the coping part of your [relapse-prevention plan](/recovery/plan).

${PEER_NOTE}`,
  },
  {
    key: "grounding-for-panic",
    slug: "grounding-for-panic",
    collection: "anxiety-and-panic",
    title: "Grounding for panic: 5-4-3-2-1",
    summary: "A simple way back into the room when panic takes over, using your senses and your breath.",
    body: `## When panic hits

Panic can feel like a heart attack, like fainting, like losing control. It is frightening, and it passes: most panic attacks peak within about ten minutes. Grounding brings your attention back to the present, where you are safe.

## The 5-4-3-2-1 exercise

Slowly, noticing each one:

- **5** things you can **see**
- **4** things you can **touch** (your feet on the floor, the chair, your sleeve)
- **3** things you can **hear**
- **2** things you can **smell**
- **1** thing you can **taste**

## Breathe out longer than in

Breathe in for four, hold for four, out for six. Do it a few times. A longer out-breath tells your body it can calm down.

## Afterwards

Be kind to yourself: panic is exhausting. If attacks are new, frequent or getting worse, tell your doctor or prescriber. Chest pain, trouble breathing or fainting always deserve a real check, so call emergency services if you're unsure. And if you are struggling to stay safe, use [Need help now?](/help).

${PEER_NOTE}`,
  },
];
