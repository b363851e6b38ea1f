/** @type {import('@remix-run/dev').AppConfig} */
export default {
  appDirectory: "app",
  serverModuleFormat: "esm",
  serverPlatform: "node",
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // Off on purpose: Harbor's route manifest is small, and lazy discovery made every page match
    // routes again for each path prefix (about a tenth of a page's CPU; see npm run bench).
    v3_lazyRouteDiscovery: false,
    v3_singleFetch: true,
  },
};
