// The bench's sizes and load: the defaults of a full or a --quick run, overridden by BENCH_* variables.
import { parseArgs } from "node:util";

export type BenchConfig = {
  isQuick: boolean;
  /** "full", "quick" or "scale N": how the sizes were chosen, for the report and results.json. */
  mode: string;
  /** Print each page's statements and EXPLAIN ANALYZE of its slowest one. */
  isExplaining: boolean;
  /** Keep the app and database running after the results, until Ctrl-C. */
  isKeeping: boolean;
  learners: number;
  courses: number;
  enrollments: number;
  progressRows: number;
  /**
   * Members of the two generated cohorts: the smaller one also takes the studio's course, so that
   * course has exactly this many learners.
   */
  cohortSizes: [number, number];
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** A second, single-connection run per page: its latency is what one person waits, unqueued. */
  aloneSeconds: number;
};

const FULL_SIZES = { learners: 30_000, courses: 120, enrollments: 150_000, progressRows: 1_500_000 };
const QUICK_SIZES = { learners: 2_000, courses: 20, enrollments: 10_000, progressRows: 100_000 };
const FULL_COHORTS: [number, number] = [500, 2_000];
const QUICK_COHORTS: [number, number] = [100, 400];
/** The cohorts' assigned courses are generated courses 1 to 8 (bench-cohort-data in city-data.ts). */
const MINIMUM_COURSES = 8;
const FULL_TIMES = { duration: 8, warmup: 2, alone: 2 };
const QUICK_TIMES = { duration: 3, warmup: 1, alone: 1 };

/** `--scale N`: N learners, courses, enrollments and progress rows in the full run's proportions. */
function scaledSizes(learners: number) {
  const ratio = learners / FULL_SIZES.learners;
  return {
    learners,
    courses: Math.max(MINIMUM_COURSES, Math.round(FULL_SIZES.courses * ratio)),
    enrollments: Math.round(FULL_SIZES.enrollments * ratio),
    progressRows: Math.round(FULL_SIZES.progressRows * ratio),
  };
}

export function readConfig(): BenchConfig {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      explain: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      scale: { type: "string" },
    },
  });
  const isQuick = values.quick ?? false;
  const scale = values.scale === undefined ? undefined : Number(values.scale.replaceAll("_", ""));
  if (scale !== undefined && (!Number.isInteger(scale) || scale < 1_000)) {
    throw new Error(`--scale takes a number of learners of at least 1000, not "${values.scale}".`);
  }
  if (scale !== undefined && isQuick) throw new Error("--scale and --quick do not go together.");
  const sizes = scale !== undefined ? scaledSizes(scale) : isQuick ? QUICK_SIZES : FULL_SIZES;
  const times = isQuick ? QUICK_TIMES : FULL_TIMES;
  const cohortSizes = isQuick ? QUICK_COHORTS : FULL_COHORTS;
  const config = {
    isQuick,
    mode: scale !== undefined ? `scale ${scale}` : isQuick ? "quick" : "full",
    isExplaining: values.explain ?? false,
    isKeeping: values.keep ?? false,
    learners: readWholeNumber("BENCH_LEARNERS", sizes.learners),
    courses: readWholeNumber("BENCH_COURSES", sizes.courses),
    enrollments: readWholeNumber("BENCH_ENROLLMENTS", sizes.enrollments),
    progressRows: readWholeNumber("BENCH_PROGRESS", sizes.progressRows),
    cohortSizes,
    connections: readWholeNumber("BENCH_CONNECTIONS", 10),
    durationSeconds: readWholeNumber("BENCH_DURATION", times.duration),
    warmupSeconds: readWholeNumber("BENCH_WARMUP", times.warmup, 0),
    aloneSeconds: readWholeNumber("BENCH_ALONE_DURATION", times.alone, 0),
  } satisfies BenchConfig;
  if (config.learners < cohortSizes[0] + cohortSizes[1]) {
    throw new Error(
      `The cohorts need ${cohortSizes[0] + cohortSizes[1]} learners; BENCH_LEARNERS is ${config.learners}.`,
    );
  }
  if (config.courses < MINIMUM_COURSES) {
    throw new Error(`The cohorts need ${MINIMUM_COURSES} generated courses; BENCH_COURSES is ${config.courses}.`);
  }
  return config;
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
