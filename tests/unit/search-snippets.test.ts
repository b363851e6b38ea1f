/**
 * Search snippets (app/models/search.server.ts): about 24 words around the first word that starts
 * with a search term, every such word marked. Plain ASCII posts are read by character positions
 * around the hit, other text word by word; both must cut and mark the same way.
 */
import { describe, expect, it } from "vitest";
import { highlight, makeSnippet, plainText, searchTerms } from "../../app/models/search.server";

const snippet = (text: string, query: string) => highlight(makeSnippet(text, searchTerms(query)));
const words = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `w${from + i}`).join(" ");

describe("search snippets", () => {
  it("show a third of the snippet before the first hit and the rest after, with … where words are left out", () => {
    const text = `${words(1, 100)} Lighthouse, ${words(101, 200)}`;
    expect(snippet(text, "lighthouse")).toBe(`…${words(93, 100)} <mark>Lighthouse</mark>, ${words(101, 115)}…`);
    expect(snippet(`Lighthouse ${words(1, 5)}`, "lighthouse")).toBe(`<mark>Lighthouse</mark> ${words(1, 5)}`);
    expect(snippet(`${words(1, 8)} lighthouse`, "lighthouse")).toBe(`${words(1, 8)} <mark>lighthouse</mark>`);
    expect(snippet(`${words(1, 9)} lighthouse`, "lighthouse")).toBe(`…${words(2, 9)} <mark>lighthouse</mark>`);
  });

  it("mark words that start with a term, punctuation outside the mark, and not words that only contain it", () => {
    expect(snippet("a-walk then (walking) and sidewalk walks.", "walk")).toBe("a-walk then (<mark>walking</mark>) and sidewalk <mark>walks</mark>.");
    expect(snippet('"Sleep" came; SLEEPING too', "sleep")).toBe("&quot;<mark>Sleep</mark>&quot; came; <mark>SLEEPING</mark> too");
    expect(snippet("unsleep sleepy", "sleep")).toBe("unsleep <mark>sleepy</mark>");
  });

  it("begin at the start when nothing starts with a term, and keep any whitespace to one space", () => {
    expect(snippet(`  ${words(1, 30)}\n\n`, "lighthouse")).toBe(`${words(1, 24)}…`);
    expect(snippet("one\ttwo\n three", "two")).toBe("one <mark>two</mark> three");
    expect(snippet("", "two")).toBe("");
  });

  it("compare words as the search does outside ASCII (NFKC, any case), and cut them the same way", () => {
    expect(snippet(`${words(1, 20)} Café ﬁne ÉCOLE ${words(21, 40)}`, "café fine école")).toBe(
      `…${words(13, 20)} <mark>Café</mark> <mark>ﬁne</mark> <mark>ÉCOLE</mark> ${words(21, 33)}…`,
    );
    expect(snippet("über\u00a0alles — Über", "über")).toBe("<mark>über</mark> alles — <mark>Über</mark>");
  });

  it("are cut from a post's text, never its markup", () => {
    expect(snippet(plainText('<p>A <strong>lighthouse</strong> &amp; <a href="/x">harbour</a></p>'), "lighthouse")).toBe("A <mark>lighthouse</mark> &amp; harbour");
  });
});
