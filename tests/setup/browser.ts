// Which Chromium the end-to-end tests drive. Nothing is downloaded: Playwright's own Chromium if
// one is installed, else the system's; as root on Debian, Debian's chromium package is installed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

const SYSTEM_CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

function findSystemChromium() {
  return SYSTEM_CHROMIUM_PATHS.find((candidate) => existsSync(candidate));
}

function isRootOnDebian() {
  return process.getuid?.() === 0 && existsSync("/etc/debian_version") && existsSync("/usr/bin/apt-get");
}

function installDebianChromium() {
  console.log("[e2e] No Chromium found: installing Debian's chromium package (a minute or two)…");
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "chromium"],
  ]) {
    const result = spawnSync("apt-get", args, {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed`);
  }
}

/** The executable for launchOptions, or undefined to use Playwright's own download. */
export function resolveChromiumExecutable(): string | undefined {
  if (existsSync(chromium.executablePath())) return undefined;
  let systemChromium = findSystemChromium();
  if (!systemChromium && isRootOnDebian()) {
    installDebianChromium();
    systemChromium = findSystemChromium();
  }
  if (!systemChromium) {
    throw new Error(
      "No Chromium for the end-to-end tests. Install one (Debian/Ubuntu: `sudo apt-get install chromium`; " +
        "elsewhere with network access: `npx playwright install chromium`) and run the tests again.",
    );
  }
  return systemChromium;
}

/** Flags that keep a system Chromium from reaching for the network or a sandbox it cannot have. */
export const SYSTEM_CHROMIUM_ARGS = [
  ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

export function chromiumVersion(executable: string) {
  return execFileSync(executable, ["--version"], { encoding: "utf8" }).trim();
}
