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

