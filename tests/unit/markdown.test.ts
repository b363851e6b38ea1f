import { describe, expect, it } from "vitest";
import { markdownProblem, nestingDepth, renderMarkdown } from "../../app/utils/markdown.server";

describe("Markdown rendering is safe", () => {
  it("renders ordinary Markdown", () => {
    const html = renderMarkdown("**Day 30** today.\n\n- meetings\n- *walks*\n\n> one day at a time");
    expect(html).toContain("<strong>Day 30</strong>");
    expect(html).toContain("<li><em>walks</em></li>");
    expect(html).toContain("<blockquote>");
  });

  it("shows raw HTML as text, never as markup", () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> and <script>alert(2)</script> <b onclick="x()">bold</b>');
    expect(html).not.toMatch(/<(img|script|b)[\s>]/i);
    expect(html, "no event handler inside any real tag").not.toMatch(/<[^>]*\son\w+=/i);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;script&gt;");
  });

  it("keeps links to a path on this site (a post linking a guide), never to another host", () => {
    expect(renderMarkdown("[Urge surfing](/guides/urge-surfing)")).toBe('<p><a href="/guides/urge-surfing" rel="nofollow ugc noopener">Urge surfing</a></p>');
    for (const src of ["[x](//evil.example/guides)", "[x](/\\evil.example)", "[x](</\t/evil.example>)", "[x](</%0a/evil.example>)"]) {
      const html = renderMarkdown(src);
      const href = /href="([^"]*)"/.exec(html)?.[1];
      if (href !== undefined) expect(new URL(href.replace(/&amp;/g, "&"), "https://harbor.test/").host, src).toBe("harbor.test");
    }
  });

  it("drops javascript: and data: link targets but keeps the words", () => {
    for (const src of [
      "[x](javascript:alert(1))",
      "[x](JaVaScRiPt:alert(1))",
      "[x](data:text/html;base64,PHNjcmlwdD4=)",
      "[x](vbscript:msgbox(1))",
      "[x](  javascript:alert(1))",
    ]) {
      const html = renderMarkdown(src);
      expect(html, src).not.toMatch(/javascript:|data:|vbscript:/i);
      expect(html, src).toBe("<p><span>x</span></p>");
    }
  });

  it("marks links nofollow ugc noopener and keeps http(s) and mailto", () => {
    const html = renderMarkdown("[SAMHSA](https://www.samhsa.gov) <https://example.org> [mail](mailto:help@example.org)");
    expect(html).toContain('<a href="https://www.samhsa.gov" rel="nofollow ugc noopener">SAMHSA</a>');
    expect(html).toContain('href="mailto:help@example.org"');
    expect(html.match(/rel="nofollow ugc noopener"/g)).toHaveLength(3);
    expect(html).not.toContain("target=");
  });

  it("never loads images: they become links", () => {
    const html = renderMarkdown("![my chip](https://tracker.example/pixel.png)");
    expect(html).not.toContain("<img");
    expect(html).toContain('<a href="https://tracker.example/pixel.png" rel="nofollow ugc noopener">my chip (image)</a>');
  });

  it("keeps a post's headings below the page's", () => {
    const html = renderMarkdown("# Big\n## Smaller");
    expect(html).toContain("<h3>Big</h3>");
    expect(html).toContain("<h4>Smaller</h4>");
    expect(html).not.toMatch(/<h[12]/);
  });

  it("strips attributes that could style or script", () => {
    const html = renderMarkdown('[a](https://x.example "title") `code`');
    expect(html).not.toContain("title=");
    expect(html).toContain("<code>code</code>");
  });
});

describe("Markdown input limits", () => {
  it("refuses over-long text with the numbers", () => {
    expect(markdownProblem("a".repeat(101), "Your post", 100)).toBe("Your post can be at most 100 characters (it has 101).");
    expect(markdownProblem("fine", "Your post", 100)).toBeNull();
  });

  it("refuses Markdown bombs before rendering them", () => {
    expect(nestingDepth(">".repeat(5000) + " deep")).toBe(5000);
    expect(markdownProblem(">".repeat(5000) + " deep", "Your post", 20_000)).toMatch(/too deeply/);
    expect(markdownProblem("[".repeat(3000) + "x" + "](y)".repeat(3000), "Your post", 20_000)).toMatch(/too deeply/);
    const list = Array.from({ length: 60 }, (_, i) => `${"  ".repeat(i)}- level ${i}`).join("\n");
    expect(markdownProblem(list, "Your post", 20_000)).toMatch(/too deeply/);
    expect(markdownProblem("_a".repeat(5000), "Your post", 20_000)).toMatch(/too many \* _ ~/);
    expect(markdownProblem("> quoting\n>> a reply\n\n- a\n  - b", "Your post", 20_000)).toBeNull();
  });

  it("refuses text that arrived as unreadable bytes", () => {
    expect(markdownProblem("caf\uFFFD", "Your post", 100)).toMatch(/couldn't read/);
  });
});
