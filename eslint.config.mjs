import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers (README "Layout"), drawn so the house keeps its shape: an import that runs up a layer fails the lint.
// Paths are matched both as "@/db/..." and as "../../db/...".
const folders = (...names) => `^(@/|(\\.\\./)+)(${names.join("|")})(/|$)`;
const NODE_IO = [
  "fs",
  "fs/promises",
  "net",
  "http",
  "https",
  "http2",
  "tls",
  "dgram",
  "dns",
  "child_process",
  "worker_threads",
  "cluster",
  "readline",
].flatMap((name) => [name, `node:${name}`]);
const DRIVERS = ["postgres", "@electric-sql/pglite", "drizzle-orm", "ws", "@hono/node-server", "server-only"];
const LIB_UP = {
  regex: folders("db", "server", "workers", "app", "components", "env"),
  message: "lib/ is pure domain code: it imports no db/, server/, workers/, app/, components/ nor env.ts.",
};

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
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [...NODE_IO, ...DRIVERS].map((name) => ({
            name,
            message:
              "lib/ does no I/O: sockets, files, threads, processes and databases belong in server/, workers/ or db/.",
          })),
          patterns: [LIB_UP, { group: DRIVERS.map((d) => `${d}/*`), message: "lib/ opens no database." }],
        },
      ],
    },
  },
  {
    // Tests and their support may read fixture files; they still import nothing from the layers above.
    files: ["lib/**/*.test.ts", "lib/**/test-support/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [LIB_UP] }] },
  },
  {
    // The production server answers /api/* by calling the route modules with a plain Request (server/api-front.ts):
    // Next's request-scoped APIs (headers(), cookies(), NextRequest, after(), the data cache) are not there.
    files: ["app/api/**/*.{ts,tsx}"],
    ignores: ["app/api/page.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["next/headers", "next/server", "next/cache"].map((name) => ({
            name,
            message:
              "API routes run outside Next's request scope in production (server/api-front.ts); use the Request.",
          })),
        },
      ],
    },
  },
  {
    // UI only: data comes in as props or through the API. A type import erases at compile time and is allowed.
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: folders("db", "server", "workers"),
              allowTypeImports: true,
              message: "components/ is UI: read data in app/ (app/_server) and pass it in as props.",
            },
          ],
        },
      ],
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
