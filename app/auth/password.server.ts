import { type Algorithm, hash, parseOptions, verify } from "@node-rs/argon2";
import pLimit from "p-limit";

// OWASP's Argon2id recommendation: 19 MiB of memory, 2 iterations, 1 lane.
// @node-rs/argon2 uses Argon2id by default.
export const PASSWORD_HASH_OPTIONS = {
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

// Algorithm.Argon2id; the package's const enum cannot be read under isolatedModules.
const ARGON2ID = 2 satisfies Algorithm;

/** How many Argon2 computations (hash or verify) may run at once; the rest wait in line. */
export const PASSWORD_HASH_CONCURRENCY = 4;
/**
 * How many may wait: a whole computer lab pressing "Log in" at once fits. Four at a time at ~40 ms
 * each, a full line clears in about a second and a half on two cores; beyond it a
 * flood of log-ins gets 503 at once instead of queueing without end.
 */
export const PASSWORD_HASH_QUEUE_LIMIT = 128;
export const PASSWORD_HASH_BUSY_RETRY_SECONDS = 5;

// Each computation holds ~19 MiB, so a flood of log-ins must queue rather than exhaust memory.
const argon2Limit = pLimit(PASSWORD_HASH_CONCURRENCY);

/**
 * Runs an Argon2 computation in the line, or throws a 503 response when the line is full: the
 * server is overloaded, which no form can fix, so the error page says to try again shortly.
 */
function runArgon2<T>(compute: () => Promise<T>): Promise<T> {
  if (argon2Limit.activeCount + argon2Limit.pendingCount >= PASSWORD_HASH_CONCURRENCY + PASSWORD_HASH_QUEUE_LIMIT) {
    throw new Response("The server is busy. Try again in a few seconds.", {
      status: 503,
      statusText: "Service Unavailable",
      headers: { "Retry-After": String(PASSWORD_HASH_BUSY_RETRY_SECONDS) },
    });
  }
  return argon2Limit(compute);
}

/** How many Argon2 computations are running and waiting now; for health checks and tests. */
export function getPasswordHashQueue() {
  return { activeCount: argon2Limit.activeCount, pendingCount: argon2Limit.pendingCount };
}

export function hashPassword(password: string): Promise<string> {
  return runArgon2(() => hash(password, PASSWORD_HASH_OPTIONS));
}

export function verifyPasswordHash(passwordHash: string, password: string): Promise<boolean> {
  return runArgon2(() => verify(passwordHash, password));
}

/**
 * True when a stored hash was made with other parameters than PASSWORD_HASH_OPTIONS (or is not
 * Argon2id), so the caller should store a fresh hash after the next successful log-in.
 */
export function passwordNeedsRehash(passwordHash: string): boolean {
  let options;
  try {
    options = parseOptions(passwordHash);
  } catch {
    return true;
  }
  return (
    options.algorithm !== ARGON2ID ||
    options.memoryCost !== PASSWORD_HASH_OPTIONS.memoryCost ||
    options.timeCost !== PASSWORD_HASH_OPTIONS.timeCost ||
    options.parallelism !== PASSWORD_HASH_OPTIONS.parallelism
  );
}
