import { useEffect, useState } from "react";
import { askServiceWorker, serviceWorkerSupported } from "~/utils/service-worker-client";

type State = "checking" | "unsupported" | "kept" | "not-kept";

/**
 * "Keep my plan on this device": a per-device choice, kept in this browser only (the service
 * worker's plan cache), never on the server. On, the printable plan is stored so it opens with no
 * connection; off, or signing out here, removes it. Needs JavaScript (the service worker is a
 * script); without it the section says so.
 */
export function KeepPlanOnDevice({ memberId, savedAt }: { memberId: string; savedAt: string | null }) {
  const [state, setState] = useState<State>("checking");
  const [message, setMessage] = useState("");
  /** The choice just made, shown on the box while the service worker carries it out. */
  const [wanted, setWanted] = useState<boolean | null>(null);

  useEffect(() => {
    if (!serviceWorkerSupported()) {
      setState("unsupported");
      return;
    }
    let live = true;
    void askServiceWorker<{ kept: boolean }>({ type: "plan-status", memberId }).then((answer) => {
      if (!live) return;
      if (!answer) setState("unsupported");
      else if (answer.kept) {
        setState("kept");
        // The plan was just saved: bring the copy on this device up to date.
        if (savedAt) void askServiceWorker({ type: "keep-plan", memberId });
      } else setState("not-kept");
    });
    return () => {
      live = false;
    };
  }, [memberId, savedAt]);

  async function toggle(keep: boolean) {
    setWanted(keep);
    setMessage(keep ? "Keeping your plan on this device…" : "");
    const answer = await askServiceWorker<{ kept: boolean }>(keep ? { type: "keep-plan", memberId } : { type: "forget-plan" });
    setWanted(null);
    if (!answer) {
      setState("unsupported");
      return;
    }
    setState(answer.kept ? "kept" : "not-kept");
    setMessage(
      answer.kept
        ? "Your plan is kept on this device. It opens even without a connection."
        : keep
          ? "Your plan couldn't be kept on this device. Please check your connection and try again."
          : "Your plan is no longer kept on this device.",
    );
  }

  return (
    <section className="card stack" aria-labelledby="plan-on-device">
      <h2 id="plan-on-device">On this device</h2>
      {state === "unsupported" ? (
        <p className="muted">This browser can't keep your plan for offline use. In a browser with JavaScript on, you can choose to keep it here.</p>
      ) : (
        <>
          <div className="checkbox">
            <input
              type="checkbox"
              id="keep-plan"
              checked={wanted ?? state === "kept"}
              disabled={state === "checking" || wanted !== null}
              onChange={(event) => void toggle(event.currentTarget.checked)}
              aria-describedby="keep-plan-hint"
            />
            <label htmlFor="keep-plan">Keep my plan on this device</label>
          </div>
          <p id="keep-plan-hint" className="field__hint">
            So it opens with no connection, from the offline page or this address. It stays in this browser only: anyone using this browser could open it while offline. Turning
            this off, or signing out here, removes it.
          </p>
        </>
      )}
      {message ? (
        <p role="status" className="muted">
          {message}
        </p>
      ) : null}
    </section>
  );
}
