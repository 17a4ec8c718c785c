// The results table, as Markdown, each page's slowest statement, the write scenarios, the budgets of
// issue 13, and bench/results.json.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { JavascriptSize } from "./baselines";
import type { LoadResult } from "./load";
import { oneLine, slowestOf, type StatementCount } from "./sql-counts";
import type { WriteResult } from "./writes";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
export const RESULTS_FILE = path.join(PROJECT_ROOT, "bench/results.json");

export const LEARNER_PAGES = [
  "home",
  "catalog",
  "catalog search",
  "catalog search + level",
  "course page",
  "lesson page",
  "dashboard",
];
const JAVASCRIPT_BUDGET_KB = 120;

function printTable(headers: string[], rows: string[][], rightAligned: Set<number>) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(" | ")} |`;
  console.log(line(headers));
  console.log(
    `|${widths.map((width, i) => (rightAligned.has(i) ? `${"-".repeat(width + 1)}:` : "-".repeat(width + 2))).join("|")}|`,
  );
  for (const row of rows) console.log(line(row));
}

export type PageFigures = {
  name: string;
  as: string;
  paths: string[];
  requestsPerSecond: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  aloneP50: number | null;
  non2xx: number;
  errors: number;
  kilobytesPerResponse: number;
  statements: number | null;
  databaseMs: number | null;
  ratioToHealthz: number | null;
  ratioToBare: number | null;
  aloneToDatabase: number | null;
};

export function pageFigures(results: LoadResult[], counts: Map<string, StatementCount> | string): PageFigures[] {
  const rateOf = (name: string) => results.find((result) => result.route.name === name)?.requestsPerSecond;
  const healthz = rateOf("healthz");
  const bare = rateOf("bare server");
  return results.map(({ route, ...result }) => {
    const count = typeof counts === "string" ? undefined : counts.get(route.name);
    const databaseMs = count ? count.databaseMs : null;
    return {
      name: route.name,
      as: route.as,
      paths: route.paths,
      requestsPerSecond: result.requestsPerSecond,
      p50: result.p50,
      p90: result.p90,
      p95: result.p95,
      p99: result.p99,
      aloneP50: result.aloneP50,
      non2xx: result.non2xx,
      errors: result.errors,
      kilobytesPerResponse: result.kilobytesPerResponse,
      statements: count ? count.statements : null,
      databaseMs,
      ratioToHealthz: healthz ? result.requestsPerSecond / healthz : null,
      ratioToBare: bare ? result.requestsPerSecond / bare : null,
      aloneToDatabase:
        result.aloneP50 !== null && databaseMs !== null && databaseMs > 0 ? result.aloneP50 / databaseMs : null,
    };
  });
}

const fixed = (value: number | null, digits: number) => (value === null ? "-" : value.toFixed(digits));
/** A latency as measured, or "-" when no response came back. */
const ms = (value: number | null) => (value === null ? "-" : String(value));

/** `sqlBoundPages`: pages whose time should stay within twice their SQL's; the table shows alone ÷ DB for them. */
export function printResults(
  pages: PageFigures[],
  counts: Map<string, StatementCount> | string,
  sqlBoundPages: string[],
) {
  console.log("");
  printTable(
    [
      "page",
      "path",
      "as",
      "req/s",
      "× healthz",
      "× bare",
      "p50 ms",
      "p90 ms",
      "p95 ms",
      "p99 ms",
      "alone p50",
      "kB",
      "non-2xx",
      "SQL",
      "DB ms",
      "alone ÷ DB",
    ],
    pages.map((page) => [
      page.name,
      page.paths.length > 1 ? `${page.paths[0]} (+${page.paths.length - 1})` : (page.paths[0] ?? ""),
      page.as,
      page.requestsPerSecond.toFixed(0),
      fixed(page.ratioToHealthz, 2),
      fixed(page.ratioToBare, 3),
      ms(page.p50),
      ms(page.p90),
      ms(page.p95),
      ms(page.p99),
      ms(page.aloneP50),
      page.kilobytesPerResponse.toFixed(1),
      String(page.non2xx + page.errors),
      page.statements === null ? "-" : String(page.statements),
      fixed(page.databaseMs, 1),
      sqlBoundPages.includes(page.name) ? fixed(page.aloneToDatabase, 1) : "",
    ]),
    new Set([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]),
  );
  if (typeof counts === "string") {
    console.log(`\nSQL statements were not counted: ${counts}.`);
    return;
  }
  console.log("\nSlowest statement of one request, per page:");
  for (const page of pages) {
    const count = counts.get(page.name);
    const slowest = count && slowestOf(count);
    if (slowest) console.log(`  ${page.name}: ${slowest.durationMs.toFixed(2)} ms  ${oneLine(slowest.sql, 140)}`);
  }
}

export function printWrites(writes: WriteResult[]) {
  console.log("");
  printTable(
    [
      "write",
      "acknowledged/s",
      "acknowledged",
      "repeats",
      "lost",
      "doubled",
      "rollup mismatches",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "non-2xx",
    ],
    writes.map((write) => [
      write.name,
      write.acknowledgedPerSecond.toFixed(0),
      String(write.acknowledged),
      String(write.repeated),
      String(write.lost),
      String(write.doubled),
      write.rollupMismatches === undefined ? "-" : String(write.rollupMismatches),
      ms(write.p50),
      ms(write.p95),
      ms(write.p99),
      String(write.non2xx + write.errors),
    ]),
    new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
  );
}

export function printJavascript(javascript: JavascriptSize) {
  console.log(
    `\nJavaScript the lesson page loads: ${javascript.files.length} files, ${(javascript.bytes / 1024).toFixed(1)} KB, ` +
      `${(javascript.gzipBytes / 1024).toFixed(1)} KB gzip (level ${javascript.gzipLevel}); budget ${JAVASCRIPT_BUDGET_KB} KB gzip. ` +
      `Besides, the page language's texts (JSON, preloaded): ${(javascript.texts.gzipBytes / 1024).toFixed(1)} KB gzip.`,
  );
}

export type Budget = { budget: string; page: string; value: number | null; limit: number; met: boolean };

/** Each budget of issue 13 with the value measured (KB are 1,024 bytes). */
export function checkBudgets(
  pages: PageFigures[],
  writes: WriteResult[],
  javascript: JavascriptSize,
  sqlBoundPages: string[],
): Budget[] {
  const budgets: Budget[] = [];
  const add = (budget: string, page: string, value: number | null, limit: number, isMet: (value: number) => boolean) =>
    budgets.push({ budget, page, value, limit, met: value !== null && isMet(value) });
  const pageNamed = (name: string) => pages.find((page) => page.name === name);
  for (const name of LEARNER_PAGES) {
    add("learner page ≥ 400 req/s", name, pageNamed(name)?.requestsPerSecond ?? null, 400, (value) => value >= 400);
    add("learner page alone p50 ≤ 5 ms", name, pageNamed(name)?.aloneP50 ?? null, 5, (value) => value <= 5);
  }
  for (const write of writes) {
    add("write ≥ 300 acknowledged/s", write.name, write.acknowledgedPerSecond, 300, (value) => value >= 300);
    add("write lost + doubled = 0", write.name, write.lost + write.doubled, 0, (value) => value === 0);
  }
  for (const name of sqlBoundPages) {
    add("p95 < 150 ms", name, pageNamed(name)?.p95 ?? null, 150, (value) => value < 150);
    add("alone p50 ≤ 2 × DB ms", name, pageNamed(name)?.aloneToDatabase ?? null, 2, (value) => value <= 2);
  }
  for (const name of ["course page", "lesson page"]) {
    add("≤ 5 SQL statements", name, pageNamed(name)?.statements ?? null, 5, (value) => value <= 5);
  }
  add(
    "learner JS ≤ 120 KB gzip",
    "lesson page",
    javascript.gzipBytes / 1024,
    JAVASCRIPT_BUDGET_KB,
    (value) => value <= 120,
  );
  return budgets;
}

export function printBudgets(budgets: Budget[]) {
  console.log("\nBudgets (issue 13):");
  printTable(
    ["budget", "page", "measured", "limit", "met"],
    budgets.map((budget) => [
      budget.budget,
      budget.page,
      budget.value === null
        ? "-"
        : Number.isInteger(budget.value)
          ? String(budget.value)
          : budget.value.toFixed(budget.value < 10 ? 2 : 0),
      String(budget.limit),
      budget.met ? "met" : "MISSED",
    ]),
    new Set([2, 3]),
  );
}

export function writeResultsFile(results: {
  runAt: Date;
  mode: string;
  postgres: string;
  dataset: Record<string, number>;
  pages: PageFigures[];
  writes: WriteResult[];
  javascript: JavascriptSize;
  budgets: Budget[];
}) {
  const cpus = os.cpus();
  const document = {
    machine: {
      cpus: cpus.length,
      model: cpus[0]?.model ?? "unknown",
      memoryGigabytes: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      postgres: results.postgres,
    },
    runAt: results.runAt.toISOString(),
    mode: results.mode,
    dataset: results.dataset,
    pages: results.pages,
    writes: results.writes,
    javascript: results.javascript,
    budgets: results.budgets,
  };
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(document, null, 2)}\n`);
}
