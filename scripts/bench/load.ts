// Load on each page with autocannon, after checking that every page answers 200.
import autocannon from "autocannon";
import type { BenchConfig } from "./config";

/** Seconds before a request counts as an error (a timeout). */
export const REQUEST_TIMEOUT_SECONDS = 60;
const HEADERS = { "accept-language": "ko", "accept-encoding": "gzip, deflate, br" };

/**
 * Who requests a page: nobody signed in, the heavy learner, a learner of the studio's course (a
 * member of the smaller cohort), that course's lead instructor, or the demo seed's admin.
 */
export type BenchViewer = "visitor" | "learner" | "member" | "instructor" | "admin";

/** The Cookie header of each signed-in viewer. */
export type BenchCookies = Record<Exclude<BenchViewer, "visitor">, string>;

export type BenchRoute = {
  name: string;
  /** Every connection takes the next path in turn and keeps requesting it. */
  paths: string[];
  as: BenchViewer;
  /** Another server than the app's (the bare baseline); its SQL is not counted. */
  baseUrl?: string;
};

/** Milliseconds; null when no response came back in the run (a page slower than the run itself). */
export type Latencies = { p50: number | null; p90: number | null; p95: number | null; p99: number | null };

export type LoadResult = Latencies & {
  route: BenchRoute;
  requestsPerSecond: number;
  /** p50 with a single connection; null when BENCH_ALONE_DURATION is 0 or no answer came in that time. */
  aloneP50: number | null;
  kilobytesPerResponse: number;
  non2xx: number;
  errors: number;
};

export function headersFor(route: BenchRoute, cookies: BenchCookies): Record<string, string> {
  return route.as === "visitor" ? { ...HEADERS } : { ...HEADERS, cookie: cookies[route.as] };
}

export const REQUEST_HEADERS = HEADERS;

/** One request per path; every one must answer 200 before any load is put on it. */
export async function checkRoutes(baseUrl: string, routes: BenchRoute[], cookies: BenchCookies) {
  const failures: string[] = [];
  for (const route of routes) {
    for (const routePath of route.paths) {
      const response = await fetch(`${route.baseUrl ?? baseUrl}${routePath}`, {
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

/** The q-th quantile (0..1) of ascending `sorted`, nearest rank, to 0.1 ms. */
function quantile(sorted: number[], q: number) {
  if (sorted.length === 0) return null;
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return Math.round(value * 10) / 10;
}

export function percentilesOf(latencies: number[]): Latencies {
  const sorted = latencies.toSorted((a, b) => a - b);
  return {
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
  };
}

/**
 * autocannon, with every response's latency kept: its own histogram is in whole milliseconds and
 * has no p95, so the percentiles are computed from these instead.
 */
export function runAutocannon(options: autocannon.Options) {
  return new Promise<{ result: autocannon.Result; latencies: number[] }>((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve({ result, latencies })));
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

export async function loadRoute(baseUrl: string, route: BenchRoute, cookies: BenchCookies, config: BenchConfig) {
  const requests = route.paths.map((routePath) => ({
    method: "GET" as const,
    path: routePath,
    headers: headersFor(route, cookies),
  }));
  let nextClient = 0;
  const options = (duration: number, connections = config.connections): autocannon.Options => ({
    url: route.baseUrl ?? baseUrl,
    connections,
    duration,
    // A slow page is measured, not counted as failed: autocannon's default gives up after 10 s.
    timeout: REQUEST_TIMEOUT_SECONDS,
    // Connection i keeps requesting path i mod n, so several paths share the load evenly.
    setupClient: (client) => client.setRequests([requests[nextClient++ % requests.length]!]),
  });
  if (config.warmupSeconds > 0) await runAutocannon(options(config.warmupSeconds));
  const { result, latencies } = await runAutocannon(options(config.durationSeconds));
  const alone = config.aloneSeconds > 0 ? await runAutocannon(options(config.aloneSeconds, 1)) : null;
  return {
    route,
    requestsPerSecond: result.requests.average,
    ...percentilesOf(latencies),
    // No answer within the alone run (a page slower than BENCH_ALONE_DURATION) leaves it unmeasured.
    aloneP50: alone ? percentilesOf(alone.latencies).p50 : null,
    kilobytesPerResponse: result.requests.total > 0 ? result.throughput.total / result.requests.total / 1024 : 0,
    non2xx: result.non2xx + (alone?.result.non2xx ?? 0),
    errors: result.errors + (alone?.result.errors ?? 0),
  } satisfies LoadResult;
}
