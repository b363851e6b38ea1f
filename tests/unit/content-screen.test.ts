import { describe, expect, it } from "vitest";
import { countLinks, DEFAULT_WATCHED_WORDS, findWatchedWords, hasCrisisLanguage, matchWords, textMatches } from "../../app/utils/content-screen";

describe("watched words", () => {
  it("match case-insensitively on word boundaries", () => {
    expect(textMatches("Anyone know WHERE TO BUY?", "where to buy")).toBe(true);
    expect(textMatches("my plug-in for the calendar", "plug")).toBe(true); // hyphens separate words
    expect(textMatches("unplugged for a week", "plug")).toBe(false);
    expect(textMatches("the vendors at the farmers market", "vendor")).toBe(false);
    expect(textMatches("research chemicals", "research chemical*")).toBe(true);
  });

  it("see through look-alike letters, accents, leetspeak and spacing tricks", () => {
    expect(textMatches("selling хаnах cheap", "selling xanax")).toBe(true); // Cyrillic х, а
    expect(textMatches("sélling xánax", "selling xanax")).toBe(true);
    expect(textMatches("5elling x4n4x", "selling xanax")).toBe(true);
    expect(textMatches("selling x a n a x", "selling xanax")).toBe(true);
    expect(textMatches("selling x.a.n.a.x", "selling xanax")).toBe(true);
    expect(textMatches("selling x\u200Ban\u200Bax", "selling xanax")).toBe(true); // zero-width spaces
    expect(textMatches("ｓｅｌｌｉｎｇ ｘａｎａｘ", "selling xanax")).toBe(true); // full-width
    expect(textMatches("w i c k r me", "wickr me")).toBe(true);
    expect(textMatches("I am s e l l i n g  x a n a x", "selling xanax")).toBe(true);
    expect(textMatches("I am selling my old car", "selling xanax")).toBe(false);
  });

  it("keep numbers that stand alone as numbers and sentence punctuation as punctuation", () => {
    expect(matchWords("Day 30! Feeling good.")).toEqual(["day", "30", "feeling", "good"]);
  });

  it("ship defaults that catch selling without flagging honest recovery talk", () => {
    const hits = findWatchedWords("Bars for sale, dm me", DEFAULT_WATCHED_WORDS);
    expect(hits[0]?.action).toBe("block");
    expect(findWatchedWords("Where can I buy a good journal for my step work?", DEFAULT_WATCHED_WORDS)[0]?.action).toBe("approve");
    expect(findWatchedWords("Day 12 off the bars. My doctor has me on a slow taper.", DEFAULT_WATCHED_WORDS)).toEqual([]);
  });
});

describe("crisis language", () => {
  const crisis = [
    "I want to kill myself",
    "i dont want to be alive anymore",
    "Tonight I'm going to take all my pills",
    "I've been feeling suicidal since the taper got hard",
    "Everyone would be better off without me",
    "I'm going to end it all tonight",
    "I keep wanting to hurt myself",
    "I want to k i l l myself",
    "There's no reason to live anymore",
  ];
  const notCrisis = [
    "This craving is killing me",
    "My back is killing me after the gym",
    "I'm dying to know how everyone's week went",
    "Day 40 and I'd kill for a full night's sleep",
    "Sharing a link for suicide prevention month",
    "The 988 suicide hotline helped my brother",
    "I killed it at work today",
  ];
  it.each(crisis)("notices: %s", (text) => expect(hasCrisisLanguage(text)).toBe(true));
  it.each(notCrisis)("does not flag: %s", (text) => expect(hasCrisisLanguage(text)).toBe(false));
});

describe("links", () => {
  it("counts inline links, autolinks and bare URLs", () => {
    expect(countLinks("see [this](https://a.example) and <https://b.example> and www.c.example")).toBe(3);
    expect(countLinks("no links here")).toBe(0);
  });
});
