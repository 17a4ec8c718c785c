// The committed lock must be complete for every platform, so `npm install` leaves it unchanged and a
// clone on macOS, Windows or an arm64 machine gets the native packages (rollup, Tailwind's oxide,
// esbuild) meant for it. npm installs only the current platform's optional packages but records all
// of them; a lock written with some of them missing makes npm's optional-dependency bug (npm/cli#4828)
// leave the build without its binary on the platforms that were dropped.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

type LockEntry = { optionalDependencies?: Record<string, string> };
type Lock = { lockfileVersion: number; packages: Record<string, LockEntry> };

const lock = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../package-lock.json"), "utf8")) as Lock;

/** Resolves `name` from the package at `from` the way Node does: its own node_modules, then each parent's. */
function resolveInLock(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent < 0 ? "" : base.slice(0, parent);
  }
}

test("package-lock.json records every platform's optional native package", () => {
  expect(lock.lockfileVersion).toBe(3);
  const missing = Object.entries(lock.packages).flatMap(([location, entry]) =>
    Object.keys(entry.optionalDependencies ?? {})
      .filter((name) => !resolveInLock(location, name))
      .map((name) => `${location || "(root)"} -> ${name}`),
  );
  expect(missing).toEqual([]);
});
