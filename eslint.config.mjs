// ESLint flat config (`npm run lint`): ESLint's and typescript-eslint's recommended rules, syntax
// only (no type information), over the TypeScript and the few CommonJS JavaScript files.
import eslint from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    // Build output, installs and local data (same as .prettierignore).
    ignores: ["dist/", "node_modules/", "coverage/", "data/", "bench/.data/", "ui/dist/"],
  },
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // A leading underscore marks a binding left unused on purpose (e.g. `{ http: _http, ...rest }`).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // The CLI and scripts turn a caught low-level error into a message for the user on purpose; `cause` would only carry what they leave out.
      "preserve-caught-error": "off",
    },
  },
  {
    // The admin console (ui/) runs in the browser; its Vite config runs in Node.
    files: ["ui/src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // bin/, scripts/, examples/, jest.config.js and the jest transform are CommonJS: require() is their module system.
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.test.ts", "test/**/*.ts"],
    languageOptions: { globals: { ...globals.jest } },
    rules: {
      // The e2e tests read untyped GraphQL JSON responses (`data: any`) and poke at internals.
      "@typescript-eslint/no-explicit-any": "off",
      // pg ships no type declarations (no @types/pg): the tests require() it and type the little they use.
      "@typescript-eslint/no-require-imports": ["error", { allow: ["^pg$"] }],
    },
  },
  {
    // Apollo calls plugin hooks as methods of the hook object, so the plugin reaches the Metrics instance through an alias.
    files: ["src/server/metrics.ts"],
    rules: { "@typescript-eslint/no-this-alias": "off" },
  },
  {
    // type-graphql's buildSchema takes its resolver classes as `NonEmptyArray<Function>`.
    files: ["src/server/schema.ts"],
    rules: { "@typescript-eslint/no-unsafe-function-type": "off" },
  },
);
