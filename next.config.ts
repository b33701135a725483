import type { NextConfig } from "next";
import { API_CSP, SECURITY_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // Build tooling, not the app's environment (env.ts): lets benchmarks and the demo keep their own build next to
  // the default `.next` (e.g. NEXT_DIST_DIR=.next-builds/bench). Serve with the same value the build used.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // .ci/run type-checks the whole tree (npm run typecheck) before it builds and says so with this variable: the
  // build need not check the same files again. Everywhere else the build checks them.
  typescript: { ignoreBuildErrors: process.env.CACHEON_TYPECHECKED === "1" },
  // Native/wasm drivers and the chain client must be loaded by Node itself, not bundled: PGlite ships its
  // wasm next to its JS, and one copy of each must be shared between the server and the workers. Drizzle
  // too: with a bundled copy beside the server's, every entity check misses instanceof and walks prototypes.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "postgres",
    "drizzle-orm",
    "@polkadot/api",
    "@polkadot/util-crypto",
  ],
  // Frame, referrer, sniffing and permissions headers on everything; pages get their nonce CSP from proxy.ts.
  headers: async () => [
    { source: "/:path*", headers: [...SECURITY_HEADERS] },
    { source: "/api/:path+", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
  ],
};

export default nextConfig;
