// What the HTTP server (scripts/server.ts) hands every loader and action.
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Sent back as X-Request-Id and written beside every logged error. */
    requestId: string;
    /** The client's address: Express's req.ip, which follows X-Forwarded-For only from a TRUST_PROXY hop. */
    clientIp: string;
    /** This response's Content-Security-Policy nonce, for Remix's inline scripts. */
    cspNonce?: string;
  }
}

export {};
