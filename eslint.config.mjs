import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // The explorer navigates with plain links by design: every page is rendered on the server from its URL
      // (and cached for a second), and next/link's client router would cost 3 KB of every page's first-load
      // JavaScript, over the leaderboard's 150 KB budget (issue #6).
      "@next/next/no-html-link-for-pages": "off",
    },
  },
  globalIgnores([
    ".next/**",
    ".next-builds/**",
    "node_modules/**",
    "data/**",
    "e2e-artifacts/**",
    "next-env.d.ts",
    "db/migrations/**",
    "dist/**",
  ]),
]);
