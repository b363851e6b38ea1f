/**
 * Reading a post the way a moderator would before it is published: watched words (robust to
 * look-alike letters, accents, leetspeak and s p a c e d or d.o.t.t.e.d spellings) and language
 * that suggests someone may be in immediate danger. Pure functions: no database, easy to test.
 */

/** Letters from other scripts (and digits/symbols) that people use to dodge a word list. */
const LOOK_ALIKES: Record<string, string> = {
  // Cyrillic
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  і: "i",
  ї: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ɡ: "g",
  ո: "n",
  ս: "u",
  // Greek
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  ζ: "z",
  // Digits and symbols standing in for letters
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "@": "a",
  $: "s",
  "!": "i",
  "|": "l",
  "€": "e",
  // Latin odds and ends that NFKD does not fold
  ł: "l",
  ø: "o",
  đ: "d",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ı: "i",
};

// eslint-disable-next-line no-misleading-character-class -- the combining grapheme joiner and the variation selectors are listed alone on purpose: they are what gets removed
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF]/g;

/**
 * Words of a text as Harbor compares them: compatibility-folded (full-width and styled letters
 * become plain), accents stripped, look-alikes mapped, lower-cased; anything else separates words.
 * Digits inside words become letters ("x4n4x"); numbers on their own stay numbers.
 */
export function matchWords(text: string): string[] {
  const folded = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(INVISIBLE, "")
    .toLowerCase();
  const raw = folded.split(/[\s\-_.,;:'"`´’‘“”/\\()[\]{}<>*+=~^?#%&…·•]+/u).filter(Boolean);
  const words: string[] = [];
  for (const raw_token of raw) {
    // Sentence punctuation at the end of a word is punctuation, not a letter in disguise.
    const token = raw_token.replace(/[!|$@]+$/u, (tail) => (/^[\p{L}\p{N}]/u.test(raw_token) ? "" : tail));
    const pure = /^\d+$/.test(token);
    let word = "";
    for (const ch of token) word += pure ? ch : (LOOK_ALIKES[ch] ?? ch);
    word = word.replace(/[^\p{L}\p{N}]/gu, "");
    if (word) words.push(word);
  }
  return words;
}

/** Runs of three or more single letters, joined: "s e l l i n g x a n a x" reads "sellingxanax". */
function spacedRuns(words: string[]): string[] {
  const runs: string[] = [];
  let run: string[] = [];
  for (const word of [...words, "  "]) {
    if ([...word].length === 1) run.push(word);
    else {
      if (run.length >= 3) runs.push(run.join(""));
      run = [];
    }
  }
  return runs;
}

/** Whether a spaced-out run spells the phrase (its words written together). */
function inSpacedRuns(runs: string[], phrase: CompiledPhrase): boolean {
  const target = phrase.words.join("");
  return target.length >= 3 && runs.some((run) => run.includes(target));
}

/** The same words with runs of single letters joined: "x a n a x" and "x.a.n.a.x" read "xanax". */
function joinSpacedLetters(words: string[]): string[] {
  const out: string[] = [];
  let run = "";
  for (const word of words) {
    if ([...word].length === 1) {
      run += word;
      continue;
    }
    if (run) out.push(run);
    run = "";
    out.push(word);
  }
  if (run) out.push(run);
  return out;
}

/** A phrase of one or more words; a final `*` matches any ending ("sell*" finds "selling"). */
export interface CompiledPhrase {
  words: string[];
  prefix: boolean;
}

export function compilePhrase(phrase: string): CompiledPhrase | null {
  const prefix = phrase.trim().endsWith("*");
  const words = matchWords(phrase.replace(/\*+\s*$/, ""));
  return words.length ? { words, prefix } : null;
}

function containsSequence(haystack: string[], phrase: CompiledPhrase): boolean {
  const n = phrase.words.length;
  outer: for (let i = 0; i + n <= haystack.length; i++) {
    for (let j = 0; j < n; j++) {
      const word = haystack[i + j]!;
      const want = phrase.words[j]!;
      const last = j === n - 1;
      if (last && phrase.prefix ? !word.startsWith(want) : word !== want) continue outer;
    }
    return true;
  }
  return false;
}

/** Whether the text contains the phrase, whole words only, however it was disguised. */
export function textMatches(text: string, phrase: string): boolean {
  const compiled = compilePhrase(phrase);
  if (!compiled) return false;
  const words = matchWords(text);
  if (containsSequence(words, compiled)) return true;
  const joined = joinSpacedLetters(words);
  if (containsSequence(joined, compiled)) return true;
  if (inSpacedRuns(spacedRuns(words), compiled)) return true;
  // "xa nax", "sell ing": a one-word rule also matches two neighbouring pieces written apart.
  if (compiled.words.length === 1 && !compiled.prefix) {
    const target = compiled.words[0]!;
    for (let i = 0; i + 1 < words.length; i++) if (words[i]!.length < target.length && words[i]! + words[i + 1]! === target) return true;
  }
  return false;
}

export type WatchedAction = "block" | "approve" | "flag";

export interface WatchedRule {
  id?: number;
  phrase: string;
  action: WatchedAction;
  note?: string;
  groupId?: number | null;
}

const SEVERITY: Record<WatchedAction, number> = { block: 3, approve: 2, flag: 1 };

/** The watched words a text trips, most severe first. */
export function findWatchedWords<R extends WatchedRule>(text: string, rules: readonly R[]): R[] {
  const words = matchWords(text);
  const joined = joinSpacedLetters(words);
  const hits = rules.filter((rule) => {
    const compiled = compilePhrase(rule.phrase);
    if (!compiled) return false;
    if (containsSequence(words, compiled) || containsSequence(joined, compiled)) return true;
    return textMatches(text, rule.phrase);
  });
  return hits.sort((a, b) => SEVERITY[b.action] - SEVERITY[a.action]);
}

/**
 * Defaults for drug sourcing and selling, the one thing every recovery forum forbids outright.
 * An admin edits them in the console. Every default names a drug or a dealer's phrase: a word
 * alone ("plug", "vendor", "for sale", "where can I buy") is everyday speech — "I plug my phone in
 * downstairs", "the vendor at the farmers market" — and must never hold a post. Street slang that
 * can still be innocent ("my plug") only flags a post for a moderator's look, published meanwhile.
 * tests/unit/content-screen.test.ts keeps a list of harmless sentences these must never hold.
 */
const SOLD = ["xanax", "xans", "benzos", "pills", "percs", "oxy", "fent", "klonopin", "valium"];
/** Street names that are also everyday words ("chocolate bars for sale"): these only flag. */
const SOLD_AMBIGUOUS = ["bars"];
/** Rules sharing an action and a note, one a phrase. */
const rules = (action: WatchedAction, note: string, phrases: string[]): WatchedRule[] => phrases.map((phrase) => ({ phrase, action, note }));
export const DEFAULT_WATCHED_WORDS: readonly WatchedRule[] = [
  ...rules("block", "Selling", [...SOLD.map((drug) => `selling ${drug}`), ...SOLD.map((drug) => `${drug} for sale`), "pills for cash"]),
  ...rules("block", "Sourcing", ["dm me for pills", "darknet market", "dark web vendor"]),
  { phrase: "wickr me", action: "block", note: "Sourcing (off-site contact)" },
  ...rules(
    "approve",
    "Sourcing question",
    SOLD.flatMap((drug) => [`where can i buy ${drug}`, `where to buy ${drug}`, `who sells ${drug}`, `anyone selling ${drug}`]),
  ),
  ...rules("flag", "Possible sourcing", [
    ...SOLD_AMBIGUOUS.flatMap((drug) => [`selling ${drug}`, `${drug} for sale`, `where can i buy ${drug}`, `who sells ${drug}`, `spare ${drug}`]),
    "spare pills",
  ]),
  ...rules("flag", "Dealer slang", ["my plug", "new plug", "plug me", "trusted vendor", "legit vendor"]),
  ...rules("flag", "Sourcing medication", ["without a prescription", "no script needed", "online pharmacy"]),
  { phrase: "research chemical*", action: "flag", note: "Designer benzodiazepines" },
  ...rules("flag", "Designer benzodiazepine", ["etizolam", "bromazolam", "flualprazolam"]),
];

/**
 * Crisis language: first-person phrasings that suggest immediate danger (suicide, self-harm,
 * overdose intent). Matched on the folded words, so "I want to k i l l myself" still counts.
 * This is a net for a human to look, not a diagnosis: it misses indirect or novel phrasing and
 * will sometimes flag someone quoting or talking about the past. See docs/moderation.md, "Crisis language".
 */
const CRISIS_PATTERNS: readonly RegExp[] = [
  /\b(kill|killing|hurt|hurting|harm|harming|cut|cutting|end) (myself|my self|my life)\b/,
  /\b(want|wanna|going|gonna|plan|planning|ready|about) (to )?(die|be dead|end it( all)?|not be here|not wake up|kill myself|overdose|od)\b/,
  /\bsuicid(e|al)\b(?! (prevention|awareness|hotline|lifeline|line|crisis line|watch))/,
  /\b(take|taking|took|swallow|swallowed|down|downed) (all|the whole|a whole|every one of) (my|the|of my)? ?(pills|bottle|benzos|meds|medication|prescription)\b/,
  /\bno (reason|point) (to|in) (live|living|going on|being alive)\b/,
  /\b(better off|world would be better) (dead|without me)\b/,
  /\b(i dont|i do not|dont|do not) want to (live|be alive|wake up|exist) ?(anymore|any more)?\b/,
  /\bcant (go on|do this anymore|keep going|take it anymore)\b.*\b(die|dead|end|pills|overdose)\b/,
  /\b(this is|writing) my (goodbye|suicide note|last post)\b/,
  /\b(wrote|writing|left) (a|my) (suicide )?note\b/,
  /\bend it (all )?(tonight|today|now)\b/,
  /\boverdos(e|ing) on purpose\b/,
];

/** Whether a text contains crisis language, as far as a list can tell. */
export function hasCrisisLanguage(text: string): boolean {
  const folded = matchWords(text.replace(/[’']/g, "")).join(" ");
  const joined = joinSpacedLetters(matchWords(text.replace(/[’']/g, ""))).join(" ");
  return CRISIS_PATTERNS.some((pattern) => pattern.test(folded) || pattern.test(joined));
}

/** How many links a Markdown text carries (autolinks, inline links, bare URLs). */
export function countLinks(markdown: string): number {
  const urls = markdown.match(/\bhttps?:\/\/[^\s)<>\]]+|\bwww\.[^\s)<>\]]+/gi) ?? [];
  return urls.length;
}
