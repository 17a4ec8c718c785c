import type { AppLoadContext } from "@remix-run/node";
import { parseEnv } from "~/lib/env.server";

/** The origin users reach the app at: APP_ORIGIN when set (behind a proxy), else the request's own. */
export function getAppOrigin(request: Request): string {
  return parseEnv().APP_ORIGIN?.replace(/\/$/, "") ?? new URL(request.url).origin;
}

/** The client's address as the HTTP server saw it ("unknown" in tests that call loaders directly). */
export function getClientIp(context: AppLoadContext | undefined): string {
  return context?.clientIp ?? "unknown";
}
