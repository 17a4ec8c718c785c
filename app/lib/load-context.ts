// What the HTTP server (scripts/server.ts) hands every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Sent back as X-Request-Id and written beside every logged error. */
    requestId: string;
    /** The client's IP address as the HTTP server saw it (Express's req.ip). */
    clientIp: string;
  }
}

export {};
