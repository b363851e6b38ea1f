import { useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { applicationServerKey, serviceWorkerSupported } from "~/utils/service-worker-client";

type Support = "checking" | "unsupported" | "blocked" | "ready";
interface PushAnswer {
  ok: boolean;
  on?: boolean;
  message?: string;
  errors?: Record<string, string>;
}

/**
 * Settings → Notifications, "On this device": push notifications for this browser, opt-in. The
 * browser's subscription is posted to /settings/notifications/push, which keeps it with this
 * session (signing out here ends it). Needs JavaScript and a browser with the Push API.
 */
export function PushOnDevice({ publicKey, onHere, siteName }: { publicKey: string; onHere: boolean; siteName: string }) {
  const fetcher = useFetcher<PushAnswer>();
  const [support, setSupport] = useState<Support>("checking");
  const [problem, setProblem] = useState("");
  const busy = fetcher.state !== "idle";

  useEffect(() => {
    if (!serviceWorkerSupported() || !("PushManager" in window) || !("Notification" in window)) setSupport("unsupported");
    else setSupport(Notification.permission === "denied" ? "blocked" : "ready");
  }, []);

  async function turnOn() {
    setProblem("");
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      setSupport(permission === "denied" ? "blocked" : "ready");
      setProblem(`Your browser didn't allow notifications from ${siteName}.`);
      return;
    }
    try {
      const registration = await navigator.serviceWorker.ready;
      const key = applicationServerKey(publicKey);
      let subscription = await registration.pushManager.getSubscription();
      // A subscription made with another key (the site's keys changed) can't be used: start afresh.
      if (subscription && subscription.options.applicationServerKey) {
        const existing = new Uint8Array(subscription.options.applicationServerKey);
        if (existing.length !== key.length || existing.some((b, i) => b !== key[i])) {
          await subscription.unsubscribe();
          subscription = null;
        }
      }
      subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      const json = subscription.toJSON();
      fetcher.submit(
        { intent: "subscribe", endpoint: json.endpoint ?? "", p256dh: json.keys?.p256dh ?? "", auth: json.keys?.auth ?? "" },
        { method: "post", action: "/settings/notifications/push" },
      );
    } catch {
      setProblem("This browser couldn't set up notifications just now. Please try again later.");
    }
  }

  async function turnOff() {
    setProblem("");
    let endpoint = "";
    try {
      const subscription = await (await navigator.serviceWorker.ready).pushManager.getSubscription();
      endpoint = subscription?.endpoint ?? "";
      await subscription?.unsubscribe();
    } catch {
      // The server forgets this session's devices below even if the browser can't be asked.
    }
    fetcher.submit({ intent: "unsubscribe", endpoint }, { method: "post", action: "/settings/notifications/push" });
  }

  const answer = fetcher.data;
  const on = answer?.ok && answer.on !== undefined && fetcher.state === "idle" ? answer.on : onHere;
  const status = problem || (answer && !answer.ok ? Object.values(answer.errors ?? {})[0] : answer?.message) || "";
  return (
    <section className="card stack" aria-labelledby="push-heading">
      <h2 id="push-heading">On this device</h2>
      <p>
        A notification on this phone or computer for each kind above that is set to "In {siteName} only" or "E-mail me right away". It only ever says something like "You have a new
        reply on {siteName}" — never what was written or who wrote it. Signing out on this device turns it off.
      </p>
      <noscript>
        <p className="muted">Notifications on this device need JavaScript turned on.</p>
      </noscript>
      {support === "unsupported" ? (
        <p className="muted">This browser can't receive notifications from {siteName}. (On an iPhone or iPad, add it to your Home Screen first, then open it from there.)</p>
      ) : support === "blocked" ? (
        <p className="muted">Notifications from {siteName} are blocked in this browser's settings. Allow them there, then come back here.</p>
      ) : support === "ready" ? (
        <>
          <p>
            <strong>{on ? "Notifications are on for this device." : "Notifications are off for this device."}</strong>
          </p>
          <div className="button-row">
            {on ? (
              <button type="button" className="button button--secondary" disabled={busy} onClick={() => void turnOff()}>
                Turn off on this device
              </button>
            ) : (
              <button type="button" className="button button--primary" disabled={busy} onClick={() => void turnOn()}>
                Turn on notifications on this device
              </button>
            )}
          </div>
        </>
      ) : null}
      {status ? (
        <p role="status" className="muted">
          {status}
        </p>
      ) : null}
    </section>
  );
}
