// Load on each page with autocannon, after checking that every page answers 200.
import autocannon from "autocannon";
import type { BenchConfig } from "./config";

const HEADERS = { "accept-language": "ko", "accept-encoding": "gzip, deflate, br" };

/**
 * Who requests a page: nobody signed in, the heavy learner, the lead instructor of their busiest
 * course, or the demo seed's admin.
 */
export type BenchViewer = "visitor" | "learner" | "instructor" | "admin";

/** The Cookie header of each signed-in viewer. */
export type BenchCookies = Record<Exclude<BenchViewer, "visitor">, string>;

export type BenchRoute = {
  name: string;
  /** Every connection takes the next path in turn and keeps requesting it. */
  paths: string[];
  as: BenchViewer;
};

export type LoadResult = {
  route: BenchRoute;
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  /** p50 with a single connection; null when BENCH_ALONE_DURATION is 0. */
  aloneP50: number | null;
  kilobytesPerResponse: number;
  non2xx: number;
  errors: number;
};

export function headersFor(route: BenchRoute, cookies: BenchCookies): Record<string, string> {
  return route.as === "visitor" ? { ...HEADERS } : { ...HEADERS, cookie: cookies[route.as] };
}

/** One request per path; every one must answer 200 before any load is put on it. */
export async function checkRoutes(baseUrl: string, routes: BenchRoute[], cookies: BenchCookies) {
  const failures: string[] = [];
  for (const route of routes) {
    for (const routePath of route.paths) {
      const response = await fetch(`${baseUrl}${routePath}`, {
        headers: headersFor(route, cookies),
        redirect: "manual",
      });
      const body = await response.text();
      if (response.status !== 200) {
        failures.push(`${route.name} ${routePath}: ${response.status} ${body.replace(/\s+/g, " ").slice(0, 200)}`);
      }
    }
  }
  return failures;
}

export async function loadRoute(baseUrl: string, route: BenchRoute, cookies: BenchCookies, config: BenchConfig) {
  const requests = route.paths.map((routePath) => ({
    method: "GET" as const,
    path: routePath,
    headers: headersFor(route, cookies),
  }));
  let nextClient = 0;
  const options = (duration: number, connections = config.connections): autocannon.Options => ({
    url: baseUrl,
    connections,
    duration,
    // Connection i keeps requesting path i mod n, so several paths share the load evenly.
    setupClient: (client) => client.setRequests([requests[nextClient++ % requests.length]!]),
  });
  if (config.warmupSeconds > 0) await autocannon(options(config.warmupSeconds));
  const result = await autocannon(options(config.durationSeconds));
  const alone = config.aloneSeconds > 0 ? await autocannon(options(config.aloneSeconds, 1)) : null;
  return {
    route,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    aloneP50: alone?.latency.p50 ?? null,
    kilobytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total / 1024 : 0,
    non2xx: result.non2xx + (alone?.non2xx ?? 0),
    errors: result.errors + (alone?.errors ?? 0),
  } satisfies LoadResult;
}
