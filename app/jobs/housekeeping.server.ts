// Periodic clean-up that keeps hot tables small: expired sessions and old rate-limit counters.
import { deleteExpiredSessions } from "~/auth/session.server";
import { deleteStaleRateLimitBuckets } from "~/models/rate-limit.server";

const HOUR_MS = 60 * 60 * 1000;

export async function runHousekeeping(now = new Date()) {
  const expiredSessions = await deleteExpiredSessions();
  const { deletedCount: staleBuckets } = await deleteStaleRateLimitBuckets({
    olderThan: new Date(now.getTime() - HOUR_MS),
  });
  return { expiredSessions, staleBuckets };
}

/** Runs housekeeping now and then hourly; the timer never keeps the process alive. */
export function startHousekeeping({ intervalMs = HOUR_MS } = {}) {
  const run = () => runHousekeeping().catch((error: unknown) => console.error("[housekeeping] run failed:", error));
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
