// Names of group kinds and visibilities, and the rules for group web addresses (browser-safe:
// route modules build their form schemas from these).
import type { GroupKind, GroupVisibility } from "../../db/schema";

export const GROUP_KINDS: Record<GroupKind, string> = {
  twelve_step: "12-step group",
  alumni: "Alumni cohort",
  family: "Family & friends",
  topic: "Topic",
};

export const GROUP_VISIBILITIES: Record<GroupVisibility, string> = {
  public: "Public — anyone can read; members post",
  private: "Private — listed; members only; joining needs a moderator's approval",
  hidden: "Hidden — not listed; joining only by invite link",
};

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Words that are pages under /groups, so no group may take them as its address. */
export const RESERVED_SLUGS = new Set(["new", "search", "mine", "invites", "admin"]);

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}
