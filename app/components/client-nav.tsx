import { useNavigate } from "@remix-run/react";
import { useCallback, type MouseEvent } from "react";

/**
 * Hot pages render plain `<a href data-nav>` instead of Remix `<Link>` (a Link costs several hooks
 * per render, and a thread page has dozens). The layout passes this handler to `<body>`, so a
 * plain click on such a link is still routed by Remix without a full reload. Without JavaScript,
 * or with a modifier key, the link is an ordinary link.
 */
export function useDelegatedNavigation() {
  const navigate = useNavigate();
  return useCallback(
    (event: MouseEvent<HTMLElement>) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const target = event.target instanceof Element ? event.target.closest("a[data-nav]") : null;
      const href = target?.getAttribute("href");
      if (!href || !href.startsWith("/") || href.startsWith("//") || target?.hasAttribute("target")) return;
      event.preventDefault();
      navigate(href);
    },
    [navigate],
  );
}
