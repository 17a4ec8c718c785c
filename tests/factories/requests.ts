// Calling route loaders and actions without HTTP: form POSTs that carry a session cookie, the load
// context the Express server would hand them, and one shape for whatever they answer.
import { data, type ActionFunctionArgs, type AppLoadContext } from "@remix-run/node";
import { readSessionToken, renewedExpiry, serializeSessionCookie } from "../../app/auth/session.server";

const APP_URL = "http://bitgoeul.test";

/** The client address tests act from unless they need their own (rate limits count per address). */
export const TEST_CLIENT_IP = "203.0.113.7";

/** A POST of `form` as a browser form would send it, carrying `token` in the session cookie when given. */
export async function buildFormRequest({
  path,
  form,
  token,
  headers,
  appUrl = APP_URL,
}: {
  path: string;
  form: Record<string, string>;
  token?: string;
  headers?: Record<string, string>;
  /** The origin the request reached, as the HTTP server tells the app (APP_ORIGIN, or Host and proxy). */
  appUrl?: string;
}) {
  const requestHeaders = new Headers(headers);
  if (token) requestHeaders.set("Cookie", await sessionCookieHeader(token));
  return new Request(new URL(path, appUrl), {
    method: "POST",
    body: new URLSearchParams(form),
    headers: requestHeaders,
  });
}

/** The Cookie header a browser would send for a session token. */
export async function sessionCookieHeader(token: string) {
  return cookiePair(
    await serializeSessionCookie({ request: new Request(APP_URL), token, expiresAt: renewedExpiry(new Date()) }),
  );
}

/** The session token a Set-Cookie header gives the browser, or null when it gives none (or a blank one). */
export async function sessionTokenFromSetCookie(setCookie: string | null) {
  if (!setCookie) return null;
  return readSessionToken(new Request(APP_URL, { headers: { Cookie: cookiePair(setCookie) } }));
}

// The Cookie header is the Set-Cookie's first name=value pair.
function cookiePair(setCookie: string) {
  return setCookie.split(";")[0] ?? "";
}

/** The arguments Remix hands a loader or action, with the context scripts/server.ts builds. */
export function routeArgs(
  request: Request,
  { params = {}, clientIp = TEST_CLIENT_IP }: { params?: Record<string, string>; clientIp?: string } = {},
): ActionFunctionArgs {
  const context: AppLoadContext = { requestId: "test", clientIp };
  return { request, params, context };
}

type DataWithResponseInit = ReturnType<typeof data<unknown>>;

/** What a loader or action's result carries as data: `data(x)` gives x, a Response gives nothing. */
export type ReplyData<T> = T extends Response ? never : T extends DataWithResponseInit ? T["data"] : T;

export type RouteReply<T> = {
  status: number;
  headers: Headers;
  /** The Location header of a redirect, else null. */
  location: string | null;
  /** The data of `data(...)` or a plain object; undefined for a Response. */
  data: ReplyData<T> | undefined;
};

function isDataWithResponseInit(value: unknown): value is DataWithResponseInit {
  return typeof value === "object" && value !== null && "type" in value && value.type === "DataWithResponseInit";
}

/**
 * Runs a loader or action and gives its answer one shape, whether it threw or returned a Response,
 * returned `data(...)`, or returned a plain object. Anything else thrown fails the test as it is.
 */
export async function settle<T>(pending: Promise<T>): Promise<RouteReply<Awaited<T>>> {
  let outcome: unknown;
  try {
    outcome = await pending;
  } catch (error) {
    if (!(error instanceof Response)) throw error;
    outcome = error;
  }
  if (outcome instanceof Response) {
    return {
      status: outcome.status,
      headers: outcome.headers,
      location: outcome.headers.get("Location"),
      data: undefined,
    };
  }
  if (isDataWithResponseInit(outcome)) {
    const headers = new Headers(outcome.init?.headers);
    return {
      status: outcome.init?.status ?? 200,
      headers,
      location: headers.get("Location"),
      data: outcome.data as ReplyData<Awaited<T>>,
    };
  }
  return { status: 200, headers: new Headers(), location: null, data: outcome as ReplyData<Awaited<T>> };
}
