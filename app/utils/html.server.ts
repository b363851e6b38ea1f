/**
 * HTML written as strings on the server, escaped by default.
 *
 * `escapeHtml` is the one escaping function (text into element content or a quoted attribute).
 * The `html` template tag escapes every value it interpolates unless it is already `SafeHtml`
 * (the result of another `html` template, or `trustedHtml` around HTML that was sanitized when it
 * was saved). So a template can only emit markup its author wrote; everything else is text.
 * Arrays are joined; null, undefined and false render nothing.
 */
/** What each character escapeHtml changes becomes. */
export const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const SPECIAL = /[&<>"']/;

export function escapeHtml(text: string): string {
  // Most texts (names, dates, counts) have nothing to escape: testing is cheaper than replacing.
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) : text;
}

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** HTML that needs no escaping: sanitized when stored (app/utils/markdown.server.ts). Nothing else. */
export function trustedHtml(value: string): SafeHtml {
  return new SafeHtml(value);
}

type Value = SafeHtml | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}
