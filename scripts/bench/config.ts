// The bench's sizes and load: the defaults of a full or a --quick run, overridden by BENCH_* variables.
import { parseArgs } from "node:util";

export type BenchConfig = {
  isQuick: boolean;
  /** Print each page's statements and EXPLAIN ANALYZE of its slowest one. */
  isExplaining: boolean;
  /** Keep the app and database running after the results, until Ctrl-C. */
  isKeeping: boolean;
  learners: number;
  courses: number;
  enrollments: number;
  progressRows: number;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** A second, single-connection run per page: its latency is what one person waits, unqueued. */
  aloneSeconds: number;
};

const FULL_SIZES = { learners: 30_000, courses: 120, enrollments: 150_000, progressRows: 1_500_000 };
const QUICK_SIZES = { learners: 2_000, courses: 20, enrollments: 10_000, progressRows: 100_000 };
const FULL_TIMES = { duration: 10, warmup: 2, alone: 3 };
const QUICK_TIMES = { duration: 3, warmup: 1, alone: 1 };

export function readConfig(): BenchConfig {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      explain: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
    },
  });
  const isQuick = values.quick ?? false;
  const sizes = isQuick ? QUICK_SIZES : FULL_SIZES;
  const times = isQuick ? QUICK_TIMES : FULL_TIMES;
  return {
    isQuick,
    isExplaining: values.explain ?? false,
    isKeeping: values.keep ?? false,
    learners: readWholeNumber("BENCH_LEARNERS", sizes.learners),
    courses: readWholeNumber("BENCH_COURSES", sizes.courses),
    enrollments: readWholeNumber("BENCH_ENROLLMENTS", sizes.enrollments),
    progressRows: readWholeNumber("BENCH_PROGRESS", sizes.progressRows),
    connections: readWholeNumber("BENCH_CONNECTIONS", 10),
    durationSeconds: readWholeNumber("BENCH_DURATION", times.duration),
    warmupSeconds: readWholeNumber("BENCH_WARMUP", times.warmup, 0),
    aloneSeconds: readWholeNumber("BENCH_ALONE_DURATION", times.alone, 0),
  };
}

/** The environment variable `name` as a whole number of at least `minimum` (1_000 and 1000 both work). */
function readWholeNumber(name: string, fallback: number, minimum = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${name} must be a whole number of at least ${minimum}, not "${raw}".`);
  }
  return value;
}
