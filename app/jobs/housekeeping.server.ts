// Periodic clean-up that keeps hot tables small: expired sessions, old rate-limit counters and the
// keys of form posts that are past any double click.
import { deleteExpiredSessions } from "~/auth/session.server";
import { deleteOldFormSubmissions } from "~/models/form-submission.server";
import { deleteStaleRateLimitBuckets } from "~/models/rate-limit.server";

const HOUR_MS = 60 * 60 * 1000;

export async function runHousekeeping(now = new Date()) {
  const expiredSessions = await deleteExpiredSessions();
  const { deletedCount: staleBuckets } = await deleteStaleRateLimitBuckets({
    olderThan: new Date(now.getTime() - HOUR_MS),
  });
  const oldSubmissionKeys = await deleteOldFormSubmissions(now);
  return { expiredSessions, staleBuckets, oldSubmissionKeys };
}

/** Runs housekeeping now and then hourly; the timer never keeps the process alive. */
export function startHousekeeping({ intervalMs = HOUR_MS } = {}) {
  const run = () => runHousekeeping().catch((error: unknown) => console.error("[housekeeping] run failed:", error));
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
