// Lint for the web app: ESLint's and typescript-eslint's recommended rules (with type
// information, so a promise nobody awaits or handles is an error), and the React hooks rules
// that catch a hook called conditionally or an effect that reads a value it does not list.
// Layout is Prettier's job (`npm run format`), so no rule here argues about it.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  // Generated from docs/openapi.json by `npm run client`; build output; copied model files.
  { ignores: ["dist", "public", "src/api/schema.d.ts"] },
  js.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // `const { dropped: _, ...kept } = value` is how a field is left out of a copy.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
  {
    files: ["src/**/*.test.{ts,tsx}", "src/test-setup.ts"],
    rules: {
      // A mock written `async () => answer` says it stands in for an asynchronous call.
      "@typescript-eslint/require-await": "off",
      // Vitest's asymmetric matchers (`expect.stringMatching(...)`) are typed `any`.
      "@typescript-eslint/no-unsafe-assignment": "off",
    },
  },
  {
    files: ["scripts/**/*.mjs", "eslint.config.js"],
    languageOptions: { globals: globals.node },
  },
  prettier,
);
