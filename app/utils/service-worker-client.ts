/**
 * The page's side of Harbor's service worker (app/pwa/service-worker.js): registering it, and
 * asking it things by message. Browser-only; everything here does nothing where service workers
 * aren't available (or JavaScript is off: then pages work as plain pages).
 */

/** Registers /sw.js once the page has loaded (it then caches the crisis page for offline use). */
export function registerServiceWorker(): void {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  const register = () => void navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });
}

export function serviceWorkerSupported(): boolean {
  return typeof navigator !== "undefined" && "serviceWorker" in navigator && typeof caches !== "undefined";
}

/** The active service worker, or null if none is running within a few seconds. */
async function activeWorker(): Promise<ServiceWorker | null> {
  if (!serviceWorkerSupported()) return null;
  const ready = navigator.serviceWorker.ready.then((registration) => registration.active);
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000));
  return Promise.race([ready, timeout]);
}

/** Sends a message to the service worker and waits for its answer (null when there is none). */
export async function askServiceWorker<T>(message: Record<string, unknown>): Promise<T | null> {
  const worker = await activeWorker();
  if (!worker) return null;
  return new Promise<T | null>((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 30_000);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      resolve(event.data as T);
    };
    worker.postMessage(message, [channel.port2]);
  });
}

/** The VAPID public key (base64url) as the bytes PushManager.subscribe wants. */
export function applicationServerKey(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (base64url.length % 4)) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
