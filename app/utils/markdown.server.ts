/**
 * Markdown for everything members write (posts, group descriptions and guidelines, journals):
 * `marked` renders, then an allow-list sanitizer keeps only harmless markup. This runs once, when
 * text is saved; pages show the stored result and never render Markdown themselves.
 *
 * - raw HTML in the source is shown as text, never interpreted;
 * - links keep only http(s) and mailto targets, or a path on this site ("/guides/sleep", so a post
 *   can link a guide), and get rel="nofollow ugc noopener";
 * - images are never loaded (a remote image tells a third party who is reading): they become links;
 * - headings are shifted down (h1 → h3 …) so a post cannot outrank the page's own headings.
 */
import { Marked, type Tokens } from "marked";
import sanitizeHtml from "sanitize-html";
import { escapeHtml } from "./html.server";

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

// A same-site path starts with one "/" (never "//" or "/\\", which browsers read as another host).
// eslint-disable-next-line no-control-regex -- a same-site path with a control character or space in it is refused (browsers drop them, "/\t/host" is "//host")
const SAFE_HREF = /^(https?:\/\/|mailto:|\/(?![/\\])[^\s\u0000-\u001f]*$)/i;

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "span",
    "p",
    "br",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
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
    // A link keeps only a safe target; one without (javascript:, data:, …) becomes plain words.
    a: (tagName, attribs): sanitizeHtml.Tag =>
      attribs.href && SAFE_HREF.test(attribs.href.trim()) ? { tagName, attribs: { href: attribs.href.trim(), rel: "nofollow ugc noopener" } } : { tagName: "span", attribs: {} },
  },
};

/** Safe HTML for a piece of Markdown. Never throws; call markdownProblem first to refuse bad input. */
export function renderMarkdown(source: string): string {
  const html = markdown.parse(source) as string;
  return sanitizeHtml(html, SANITIZE).trim();
}

export { markdownProblem, nestingDepth, MAX_NESTING, MAX_EMPHASIS_MARKS } from "./markdown-limits";
