/**
 * What changed between two versions of a guide, word by word (jsdiff's diffWordsWithSpace on the
 * Markdown source, so line breaks and list markers show too). Long unchanged stretches are cut to
 * their ends, so a one-word edit in a long guide is a short diff. The page renders the parts as
 * <ins>/<del> with words ("added", "removed") for screen readers, not colour alone.
 */
import { diffWordsWithSpace } from "diff";

export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

/** Unchanged text longer than this is shortened to its first and last CONTEXT characters. */
const KEEP = 320;
const CONTEXT = 120;

export function textDiff(before: string, after: string): DiffPart[] {
  if (before === after) return [];
  const parts: DiffPart[] = diffWordsWithSpace(before, after).map((c) => ({ kind: c.added ? "added" : c.removed ? "removed" : "same", text: c.value }));
  return parts.map((part, i) => {
    if (part.kind !== "same" || part.text.length <= KEEP) return part;
    const head = i === 0 ? "" : part.text.slice(0, CONTEXT);
    const tail = i === parts.length - 1 ? "" : part.text.slice(-CONTEXT);
    return { kind: "same", text: `${head}${head || tail ? " … " : "…"}${tail}` };
  });
}

export interface RevisionFields {
  title: string;
  summary: string;
  body_source: string;
  visibility: string;
  status: string;
}

export interface RevisionChanges {
  title: DiffPart[];
  summary: DiffPart[];
  body: DiffPart[];
  /** "Published", "Unpublished", "Now for members only", …: changes that aren't words. */
  events: string[];
}

/** The changes from `before` (null: this is the first version) to `after`. */
export function revisionChanges(before: RevisionFields | null, after: RevisionFields): RevisionChanges {
  if (!before) return { title: [], summary: [], body: [], events: ["First version"] };
  const events: string[] = [];
  if (before.status !== after.status) events.push(after.status === "published" ? "Published" : "Unpublished (back to draft)");
  if (before.visibility !== after.visibility) events.push(after.visibility === "members" ? "Now for signed-in members only" : "Now public");
  return { title: textDiff(before.title, after.title), summary: textDiff(before.summary, after.summary), body: textDiff(before.body_source, after.body_source), events };
}
