// The baselines each page is compared with: the bare server (bare-server.ts) started in a child
// process with the lesson page's bytes, and the JavaScript a learner page sends, read from the build.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { createInterface } from "node:readline";
import { gzipSync } from "node:zlib";

const PROJECT_ROOT = path.resolve(import.meta.dirname, "../..");
/** zlib's default, which the app's compression middleware uses for gzip. */
const GZIP_LEVEL = 6;

/** The raw (still compressed) answer to one GET: fetch would decode the body. */
function getRaw(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

/**
 * Fetches `url` once with `headers`, keeps its body and content headers, and serves them from a bare
 * node:http server in a child process. Returns its base URL and how to stop it.
 */
export async function startBareServer(url: string, headers: Record<string, string>) {
  const page = await getRaw(url, headers);
  if (page.status !== 200) throw new Error(`The bare server's page answered ${page.status}.`);
  const kept: Record<string, string> = {};
  for (const name of ["content-type", "content-encoding", "vary", "cache-control"]) {
    const value = page.headers[name];
    if (typeof value === "string") kept[name] = value;
  }
  const bodyFile = path.join(PROJECT_ROOT, ".data/bench-bare-body");
  writeFileSync(bodyFile, page.body);
  const child = spawn(
    path.join(PROJECT_ROOT, "node_modules/.bin/tsx"),
    [path.join(import.meta.dirname, "bare-server.ts"), bodyFile, JSON.stringify(kept)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    lines.once("line", (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once("exit", (code) => reject(new Error(`The bare server exited (${code}).`)));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    bytes: page.body.length,
    headers: kept,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export type JavascriptSize = {
  /** The scripts the page's HTML references (entry, route modules, modulepreload links). */
  files: { file: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  gzipBytes: number;
  gzipLevel: number;
  /** The page language's texts, preloaded as JSON for i18next: data, not script, but sent all the same. */
  texts: { files: string[]; gzipBytes: number };
};

/**
 * The JavaScript a page's HTML (decoded) makes the browser load when it opens, each file gzip'd from
 * build/client: every `<link rel="modulepreload">`, and what the inline module script imports (the
 * route modules and the entry). Modules the route manifest in that script only names (routes a link
 * may lead to, discovered lazily) are not loaded with the page and are not counted.
 */
export function measureJavascript(html: string, buildDir = path.join(PROJECT_ROOT, "build/client")): JavascriptSize {
  const preloaded = [...html.matchAll(/<link\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => /\brel="modulepreload"/.test(tag))
    .map((tag) => /\bhref="([^"]+)"/.exec(tag)?.[1]);
  const imported = [...html.matchAll(/\bimport\s*(?:\*\s*as\s+\w+\s+from\s*|\(\s*)?"([^"]+\.js)"/g)].map(
    (match) => match[1],
  );
  const referenced = new Set(
    [...preloaded, ...imported].filter((file): file is string => file !== undefined && file.startsWith("/")),
  );
  const gzipSize = (file: string) => gzipSync(readFileSync(path.join(buildDir, file)), { level: GZIP_LEVEL }).length;
  const files = [...referenced].sort().map((file) => {
    const content = readFileSync(path.join(buildDir, file));
    return { file, bytes: content.length, gzipBytes: gzipSync(content, { level: GZIP_LEVEL }).length };
  });
  const textFiles = [...html.matchAll(/<link\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => /\brel="preload"/.test(tag) && /\bas="fetch"/.test(tag))
    .map((tag) => /\bhref="([^"]+\.json)"/.exec(tag)?.[1])
    .filter((file): file is string => file !== undefined && file.startsWith("/"));
  return {
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    gzipLevel: GZIP_LEVEL,
    texts: { files: textFiles, gzipBytes: textFiles.reduce((sum, file) => sum + gzipSize(file), 0) },
  };
}
