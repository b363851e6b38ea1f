/** "Draft" and "Members only" labels beside a guide's title (words, not colour alone). */
export function GuideBadges({ status, visibility }: { status: string; visibility: string }) {
  return (
    <>
      {status === "draft" ? <span className="badge badge--draft">Draft</span> : null}
      {visibility === "members" ? <span className="badge badge--members">Members only</span> : null}
    </>
  );
}
