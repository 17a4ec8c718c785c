import type { AppLoadContext } from "@remix-run/node";
import { parseEnv } from "~/lib/env.server";

/**
 * The origin links in mails point at: APP_ORIGIN, else this server on localhost. Never the request's
 * own Host, which the client chooses: a forged Host would mail a victim a link to the forger's site.
 */
export function getLinkOrigin(): string {
  const env = parseEnv();
  return env.APP_ORIGIN ?? `http://localhost:${env.PORT}`;
}

/** Whether the request reached the app over plain HTTP at a host other than this machine itself. */
export function isPlainHttpFromNetwork(request: Request): boolean {
  const url = new URL(request.url);
  return url.protocol === "http:" && !["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

/** The client's address as the HTTP server saw it ("unknown" in tests that call loaders directly). */
export function getClientIp(context: AppLoadContext | undefined): string {
  return context?.clientIp ?? "unknown";
}
