// The results table, as Markdown, and each page's slowest statement.
import type { LoadResult } from "./load";
import { oneLine, slowestOf, type StatementCount } from "./sql-counts";

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

export function printResults(results: LoadResult[], counts: Map<string, StatementCount> | string) {
  const countOf = (name: string) => (typeof counts === "string" ? undefined : counts.get(name));
  console.log("");
  printTable(
    ["page", "path", "as", "req/s", "p50 ms", "p90 ms", "p99 ms", "alone p50", "kB", "non-2xx", "SQL", "DB ms"],
    results.map(({ route, ...result }) => {
      const count = countOf(route.name);
      return [
        route.name,
        route.paths.length > 1 ? `${route.paths[0]} (+${route.paths.length - 1})` : (route.paths[0] ?? ""),
        route.as,
        result.requestsPerSecond.toFixed(0),
        String(result.p50),
        String(result.p90),
        String(result.p99),
        result.aloneP50 === null ? "-" : String(result.aloneP50),
        result.kilobytesPerResponse.toFixed(1),
        String(result.non2xx + result.errors),
        count ? String(count.statements) : "-",
        count ? count.databaseMs.toFixed(1) : "-",
      ];
    }),
    new Set([3, 4, 5, 6, 7, 8, 9, 10, 11]),
  );
  if (typeof counts === "string") {
    console.log(`\nSQL statements were not counted: ${counts}.`);
    return;
  }
  console.log("\nSlowest statement of one request, per page:");
  for (const { route } of results) {
    const count = countOf(route.name);
    const slowest = count && slowestOf(count);
    if (slowest) console.log(`  ${route.name}: ${slowest.durationMs.toFixed(2)} ms  ${oneLine(slowest.sql, 140)}`);
  }
}
