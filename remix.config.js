// Remix with Vite reads no remix.config.js of its own: these are the Remix plugin's options,
// imported by vite.config.ts, kept apart so the framework's settings read separately from the
// bundler's. Routes are declared in app/routes.ts (v3_routeConfig) with the v2 flat-file convention.

/** @type {import("@remix-run/dev").VitePluginConfig} */
export default {
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
    v3_routeConfig: true,
  },
};
