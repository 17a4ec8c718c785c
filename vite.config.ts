/// <reference types="vitest/config" />
import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixOptions from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const isVitest = Boolean(process.env.VITEST);

export default defineConfig({
  // The Remix plugin builds the app; Vitest runs modules directly and must not load it.
  plugins: [tailwindcss(), !isVitest && remix(remixOptions), tsconfigPaths()],
  server: { port: Number(process.env.PORT ?? 3000) },
  test: {
    include: [
      "app/**/*.test.{ts,tsx}",
      "prisma/**/*.test.ts",
      "scripts/**/*.test.ts",
      "tests/integration/**/*.test.ts",
      "tests/repository/**/*.test.ts",
    ],
    globalSetup: ["tests/setup/global-database.ts"],
    setupFiles: ["tests/setup/test-database.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
