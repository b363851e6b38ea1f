/**
 * Escaping for the few strings Harbor writes as HTML outside React (e-mails, Markdown's sanitised
 * output, search snippets, the server's own error pages): `escapeHtml` puts text into element
 * content or a quoted attribute.
 */
/** What each character escapeHtml changes becomes. */
export const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const SPECIAL = /[&<>"']/;

export function escapeHtml(text: string): string {
  // Most texts (names, dates, counts) have nothing to escape: testing is cheaper than replacing.
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) : text;
}
