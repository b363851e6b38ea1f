import { Link } from "@remix-run/react";
import { Fragment } from "react";

/** "Groups › Benzo Recovery Circle › Thread": links for the way back, the current page last. */
export function Breadcrumbs({ trail, current }: { trail: { to: string; label: string }[]; current: string }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      {trail.map((step) => (
        <Fragment key={step.to}>
          <Link to={step.to}>{step.label}</Link>
          {" › "}
        </Fragment>
      ))}
      <span aria-current="page">{current}</span>
    </nav>
  );
}
