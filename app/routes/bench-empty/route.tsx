import type { MetaFunction } from "@remix-run/node";
import { descriptionMeta, siteNameOf } from "~/utils/site-title";

// The benchmark's baseline: a page served exactly like every other (Express, security headers,
// the root layout and its loader) with nothing of its own. npm run bench compares pages to it.
export const meta: MetaFunction = ({ matches }) => [{ title: siteNameOf(matches) }, descriptionMeta(matches), { name: "robots", content: "noindex" }];

export default function Empty() {
  return <p>OK</p>;
}
