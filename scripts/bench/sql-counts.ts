// The SQL one request of each page runs, and with --explain the plan of its slowest statement.
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import type pg from "pg";
import { headersFor, type BenchCookies, type BenchRoute } from "./load";

/**
 * Statement counts take the fewest of this many requests: the mail worker's polls and the
 * once-a-minute session touch can only add statements to a sample.
 */
const COUNT_SAMPLES = 3;

export type StatementCount = { statements: number; databaseMs: number; executed: LogEntry[] };

/** A statement as the server logged it; `params` are the values of $1, $2, … as text. */
type LogEntry = { pid: string; kind: string; durationMs: number; sql: string; params: (string | null)[] };

/**
 * Entries written by log_min_duration_statement = 0: parse, bind, execute or a simple statement,
 * each with the parameters of the DETAIL line the server writes after it.
 */
function parseStatementLog(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  // Each entry starts with the default log_line_prefix, "<timestamp> [<pid>] "; SQL may span lines.
  for (const entry of text.split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/)) {
    const pid = /^\S+ \S+ \S+ \[(\d+)\]/.exec(entry)?.[1] ?? "";
    const statement = /LOG: {2}duration: ([\d.]+) ms {2}(statement|parse|bind|execute)[^:]*: ([\s\S]*)$/.exec(entry);
    if (statement?.[1] && statement[2] && statement[3] !== undefined) {
      const sql = statement[3].trim();
      entries.push({ pid, kind: statement[2], durationMs: Number(statement[1]), sql, params: [] });
      continue;
    }
    const detail = /DETAIL: {2}Parameters: ([\s\S]*)$/.exec(entry);
    const owner = entries.findLast((candidate) => candidate.pid === pid);
    if (detail?.[1] && owner) {
      owner.params = [...detail[1].matchAll(/\$\d+ = (NULL|'((?:[^']|'')*)')/g)].map((match) =>
        match[1] === "NULL" ? null : (match[2] ?? "").replaceAll("''", "'"),
      );
    }
  }
  return entries;
}

export function oneLine(sql: string, length: number) {
  const text = sql.replace(/\s+/g, " ");
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function readFrom(file: string, offset: number) {
  const size = statSync(file).size;
  if (size <= offset) return "";
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString("utf8");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The SQL one request of each page runs, read from the server log with log_min_duration_statement
 * = 0 (ALTER SYSTEM plus a reload reaches the app's open connections; pg_stat_statements would
 * need shared_preload_libraries). Only on the throwaway cluster, whose log file we can read.
 */
export async function countStatements(
  client: pg.Client,
  baseUrl: string,
  routes: BenchRoute[],
  cookies: BenchCookies,
): Promise<Map<string, StatementCount> | string> {
  const { rows } = await client.query<{ dataDirectory: string }>(
    `SELECT current_setting('data_directory') AS "dataDirectory"`,
  );
  const logFile = `${rows[0]?.dataDirectory ?? ""}.log`;
  if (!existsSync(logFile)) return "the server log is not readable here";
  await client.query("ALTER SYSTEM SET log_min_duration_statement = 0");
  await client.query("SELECT pg_reload_conf()");
  await sleep(500);
  const counts = new Map<string, StatementCount>();
  try {
    for (const route of routes) {
      let best: StatementCount | undefined;
      for (let sample = 0; sample < COUNT_SAMPLES; sample++) {
        const offset = statSync(logFile).size;
        const response = await fetch(`${baseUrl}${route.paths[0]}`, { headers: headersFor(route, cookies) });
        await response.text();
        await sleep(200);
        // The mail worker polls its outbox every 2 s on the same pool; its statements are not the page's.
        const entries = parseStatementLog(readFrom(logFile, offset)).filter(
          (entry) => !entry.sql.includes('"EmailOutbox"'),
        );
        const executed = entries.filter((entry) => entry.kind === "execute" || entry.kind === "statement");
        const count: StatementCount = {
          statements: executed.length,
          databaseMs: entries.reduce((sum, entry) => sum + entry.durationMs, 0),
          executed,
        };
        if (!best || count.statements < best.statements) best = count;
      }
      if (best) counts.set(route.name, best);
    }
  } finally {
    await client.query("ALTER SYSTEM RESET log_min_duration_statement");
    await client.query("SELECT pg_reload_conf()");
  }
  return counts;
}

export function slowestOf(count: StatementCount): LogEntry | undefined {
  return count.executed.reduce<LogEntry | undefined>(
    (max, entry) => (max && max.durationMs >= entry.durationMs ? max : entry),
    undefined,
  );
}

/** `--explain`: each page's statements, and EXPLAIN ANALYZE of its slowest one (rolled back). */
export async function explainSlowestStatements(client: pg.Client, counts: Map<string, StatementCount>) {
  for (const [name, count] of counts) {
    console.log(`\n── ${name}: ${count.statements} statements, ${count.databaseMs.toFixed(2)} ms in the database`);
    for (const entry of count.executed)
      console.log(`   ${entry.durationMs.toFixed(3).padStart(8)} ms  ${oneLine(entry.sql, 150)}`);
    const slowest = slowestOf(count);
    if (!slowest || !/^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(slowest.sql)) continue;
    console.log(`   EXPLAIN (ANALYZE, BUFFERS) of the slowest (${slowest.durationMs.toFixed(3)} ms):`);
    await client.query("BEGIN");
    try {
      const { rows } = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${slowest.sql}`,
        slowest.params,
      );
      for (const row of rows) console.log(`     ${row["QUERY PLAN"]}`);
    } catch (error) {
      console.log(`     (could not explain: ${error instanceof Error ? error.message : String(error)})`);
    } finally {
      await client.query("ROLLBACK");
    }
  }
}
