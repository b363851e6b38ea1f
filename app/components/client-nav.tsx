import { useNavigate, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, type FormEvent, type MouseEvent } from "react";

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

// The button a delegated form was sent with, to give it focus again when its list is redrawn.
let lastSubmitter: { formId: string; name: string; value: string } | null = null;

/**
 * The same for forms written as HTML on the server (`<form method="post" action data-nav>`, see
 * post-list.server.ts): the layout passes this to `<body>`'s onSubmit, and Remix submits them
 * (with the button that sent them) as it would a `<Form>`; `data-keep-scroll` keeps the page
 * where it is. Without JavaScript they are ordinary forms.
 */
export function useDelegatedSubmit() {
  const submit = useSubmit();
  return useCallback(
    (event: FormEvent<HTMLElement>) => {
      const form = event.target;
      if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.hasAttribute("data-nav")) return;
      const action = form.getAttribute("action") ?? "";
      if (!action.startsWith("/") || action.startsWith("//")) return;
      const submitter = (event.nativeEvent as SubmitEvent).submitter;
      const button = submitter instanceof HTMLButtonElement ? submitter : null;
      event.preventDefault();
      lastSubmitter = form.id && button ? { formId: form.id, name: button.name, value: button.value } : null;
      submit(button ?? form, { preventScrollReset: form.hasAttribute("data-keep-scroll") });
    },
    [submit],
  );
}

/**
 * For a component whose server-written HTML (`html`) holds delegated forms: when new HTML replaces
 * the old, the button that was pressed is gone with it, so focus goes back to its successor
 * (same form id, same name and value) and a keyboard user stays where they were.
 */
export function useRestoreSubmitterFocus(html: string) {
  useEffect(() => {
    const was = lastSubmitter;
    if (!was || (document.activeElement && document.activeElement !== document.body)) return;
    const form = document.getElementById(was.formId);
    const button = form ? Array.from(form.querySelectorAll("button")).find((b) => b.name === was.name && b.value === was.value) : undefined;
    if (button) {
      lastSubmitter = null;
      button.focus({ preventScroll: true });
    }
  }, [html]);
}
