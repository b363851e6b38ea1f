import type { ReactNode } from "react";

/** The page for an e-mailed link that cannot be used (invalid, expired, already used): why, and what to do instead. */
export function LinkProblem({ problem, children }: { problem: string; children: ReactNode }) {
  return (
    <div className="stack narrow">
      <h1>This link can't be used</h1>
      <p className="lead">{problem}</p>
      <p className="button-row">{children}</p>
    </div>
  );
}
