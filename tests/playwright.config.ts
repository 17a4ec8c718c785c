import { defineConfig, devices } from "@playwright/test";
import { resolveChromiumExecutable, SYSTEM_CHROMIUM_ARGS } from "./setup/browser";

const chromiumExecutable = resolveChromiumExecutable();

export default defineConfig({
  testDir: "./e2e",
  outputDir: "../test-results",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: "../playwright-report" }]],
  timeout: 30_000,
  use: {
    // Set by the global setup once the app is up on a free port.
    baseURL: process.env.E2E_BASE_URL,
    trace: "retain-on-failure",
    locale: "ko-KR",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: chromiumExecutable ? { executablePath: chromiumExecutable, args: SYSTEM_CHROMIUM_ARGS } : {},
      },
    },
  ],
});
