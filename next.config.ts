import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native/wasm drivers and the chain client must be loaded by Node itself, not bundled: PGlite ships its
  // wasm next to its JS, and one copy of each must be shared between the server and the workers.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "@polkadot/api", "@polkadot/util-crypto"],
};

export default nextConfig;
