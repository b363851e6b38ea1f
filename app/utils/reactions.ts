// The reactions a member can give a post: a small set suited to peer support (browser-safe).
export const REACTIONS = {
  support: "Support",
  thanks: "Thank you",
  me_too: "Me too",
  proud: "Proud of you",
} as const;
export type ReactionKind = keyof typeof REACTIONS;
export function isReactionKind(value: string): value is ReactionKind {
  return Object.hasOwn(REACTIONS, value);
}

export const REACTION_KINDS = Object.keys(REACTIONS) as ReactionKind[];

type PostReactions = Partial<Record<string, { count: number; mine: boolean }>>;

/** Non-zero counts only, by kind: what a page sends for each post. */
export function reactionCounts(reactions: PostReactions): Partial<Record<ReactionKind, number>> {
  const out: Partial<Record<ReactionKind, number>> = {};
  for (const kind of REACTION_KINDS) {
    const count = reactions[kind]?.count ?? 0;
    if (count > 0) out[kind] = count;
  }
  return out;
}

/** The kinds the viewer gave this post. */
export function myReactions(reactions: PostReactions): ReactionKind[] {
  return REACTION_KINDS.filter((kind) => reactions[kind]?.mine);
}
