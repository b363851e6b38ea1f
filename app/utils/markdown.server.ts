/**
 * Markdown for everything members write (posts, group descriptions and guidelines, journals):
 * `marked` renders, then an allow-list sanitizer keeps only harmless markup. This runs once, when
 * text is saved; pages show the stored result and never render Markdown themselves.
 *
 * - raw HTML in the source is shown as text, never interpreted;
 * - links keep only http(s) and mailto targets and get rel="nofollow ugc noopener";
 * - images are never loaded (a remote image tells a third party who is reading): they become links;
 * - headings are shifted down (h1 → h3 …) so a post cannot outrank the page's own headings.
 */
import { Marked, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

const markdown = new Marked({ gfm: true, breaks: true, async: false });
markdown.use({
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    image({ href, text }: Tokens.Image) {
      const label = text ? `${text} (image)` : "image";
      return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
    },
  },
});

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li", "a", "hr",
    "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
  ],
  allowedAttributes: { a: ["href", "rel"], ol: ["start"], th: ["align"], td: ["align"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "escape",
  transformTags: {
    h1: "h3",
    h2: "h4",
    h3: "h5",
    h4: "h6",
    h5: "h6",
    a: (tagName, attribs) => ({ tagName, attribs: { ...(attribs.href ? { href: attribs.href } : {}), rel: "nofollow ugc noopener" } }),
  },
  // A link whose target was removed as unsafe keeps its words, as plain text.
  exclusiveFilter: () => false,
};

/** Safe HTML for a piece of Markdown. Never throws; call markdownProblem first to refuse bad input. */
export function renderMarkdown(source: string): string {
  const html = markdown.parse(source) as string;
  return sanitizeHtml(html, SANITIZE).trim();
}

/** How deeply a piece of Markdown nests (block quotes, lists, brackets): renderers slow down on "Markdown bombs". */
export function nestingDepth(source: string): number {
  let deepest = 0;
  for (const line of source.split("\n")) {
    const quotes = /^[\s>]*/.exec(line)?.[0].replace(/\s/g, "").length ?? 0;
    const indent = /^[ \t]*/.exec(line)?.[0].replace(/\t/g, "    ").length ?? 0;
    deepest = Math.max(deepest, quotes, Math.floor(indent / 2));
  }
  let brackets = 0;
  for (const ch of source) {
    if (ch === "[" || ch === "(") brackets++;
    else if (ch === "]" || ch === ")") brackets = Math.max(0, brackets - 1);
    deepest = Math.max(deepest, brackets);
  }
  return deepest;
}

export const MAX_NESTING = 20;
/** Emphasis markers (* _ ~): matching them costs time that grows with the square of their number. */
export const MAX_EMPHASIS_MARKS = 1000;

/** What is wrong with a piece of Markdown before it is rendered, in words for its writer; null when fine. */
export function markdownProblem(source: string, label: string, maxChars: number): string | null {
  const length = [...source].length;
  if (length > maxChars) return `${label} can be at most ${maxChars.toLocaleString("en-US")} characters (it has ${length.toLocaleString("en-US")}).`;
  if (source.includes("\uFFFD")) return `${label} has characters we couldn't read. Please type them again.`;
  if (nestingDepth(source) > MAX_NESTING) return `${label} nests quotes, lists or brackets too deeply (more than ${MAX_NESTING} levels). Please simplify it.`;
  const marks = source.match(/[*_~]/g)?.length ?? 0;
  if (marks > MAX_EMPHASIS_MARKS) return `${label} uses too many * _ ~ formatting characters (${marks}; at most ${MAX_EMPHASIS_MARKS}). Please simplify it.`;
  return null;
}
