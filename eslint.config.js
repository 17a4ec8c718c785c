import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", ".data/", "app/generated/", "test-results/", "playwright-report/", ".cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    ...react.configs.flat.recommended,
    ...react.configs.flat["jsx-runtime"],
    settings: { react: { version: "detect" } },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      "react/prop-types": "off",
    },
  },
  {
    // Plumbing knows no domain: app/lib is used by models, auth and jobs, never the other way round.
    files: ["app/lib/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["~/models/*", "~/auth/*", "~/jobs/*", "~/routes/*", "../models/*", "../auth/*", "../jobs/*"],
              message:
                "app/lib is plumbing without domain rules: it imports nothing from models, auth, jobs or routes.",
            },
          ],
        },
      ],
    },
  },
  {
    // Start-up, the CLI and the bench are the product; tests use them, not the other way round.
    files: ["scripts/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["../tests/*", "**/tests/*"], message: "scripts/ imports nothing from tests/." }] },
      ],
    },
  },
  {
    // Routes stay thin: database access lives in app/models.
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["~/lib/db.server", "**/lib/db.server"], message: "Routes call app/models, not the database." },
            {
              group: ["~/generated/prisma/client", "**/generated/prisma/client"],
              message: "Routes call app/models, not Prisma.",
            },
          ],
        },
      ],
    },
  },
);
