/**
 * Limits on what members write, checked before Markdown is rendered. Pure functions, safe in the
 * browser bundle too (form schemas use them).
 */
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
