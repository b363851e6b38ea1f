import { Fragment } from "react";

/** "Groups › Benzo Recovery Circle › Thread": links for the way back (plain `<a data-nav>`, see client-nav.tsx), the current page last. */
export function Breadcrumbs({ trail, current }: { trail: { to: string; label: string }[]; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      {trail.map((step) => (
        <Fragment key={step.to}>
          <a href={step.to} data-nav="">{step.label}</a>
          {" › "}
        </Fragment>
      ))}
      <span aria-current="page">{current}</span>
    </nav>
  );
}
