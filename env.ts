import { z } from "zod";

/**
 * The only reader of process.env. Every variable has a default or a clear error, and workers call `loadEnv()`
 * at start so a wrong setting stops them at once instead of failing on first use an hour later.
 */
const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const envSchema = z.object({
  /** Absent: the embedded PGlite database under PGLITE_DATA_DIR. Present: a real Postgres. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  PGLITE_DATA_DIR: z.string().min(1).default("./data/pglite"),
  NETWORK: z.string().min(1).default("finney"),
  NETUID: z.coerce.number().int().min(0).max(65535).default(14),
  CHAIN_ENDPOINT: z.url({ protocol: /^wss?$/ }).default("wss://entrypoint-finney.opentensor.ai:443"),
  /** Optional archive node for backfilling blocks older than the endpoint keeps. */
  CHAIN_ARCHIVE_ENDPOINT: z.url({ protocol: /^wss?$/ }).optional(),
  /** First block to ingest when the database has no cursor; unset: the finalized head minus one day. */
  CHAIN_START_BLOCK: z.coerce.number().int().min(0).optional(),
  /** RPC requests in flight at once during a backfill. */
  CHAIN_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Blocks read and written in one transaction during a backfill. */
  CHAIN_INGEST_RANGE: z.coerce.number().int().min(1).max(10_000).default(256),
  /** Blocks further than this behind the head are read from CHAIN_ARCHIVE_ENDPOINT. */
  CHAIN_ARCHIVE_AFTER_BLOCKS: z.coerce.number().int().min(1).default(256),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().min(1).default("0.0.0.0"),
  /** Run the background workers inside the web process (the default, required with PGlite). */
  RUN_WORKERS: booleanFlag.default(true),
  /** The explorer's Epistula identity (`Epistula-Signed-For`); empty accepts requests signed for anyone. */
  EPISTULA_SIGNED_FOR: z.string().default(""),
  /**
   * The explorer's public origin (`https://explorer.example`), for absolute links in feeds, the sitemap and
   * Open Graph cards. Never taken from the request's Host header: a rendered page is shared for a second
   * (server/page-cache.ts), and one forged Host would otherwise reach other readers. Unset: localhost:PORT.
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  /**
   * Set by `npm run demo` (it defaults to 1600 there): chain time runs this many times faster than finney's
   * 12-second blocks, and every page says it is a local demo network. Unset: a real network, no banner.
   */
  DEMO_SPEED: z.coerce.number().min(1).max(12_000).optional(),
  /** Where `npm run demo` keeps its database, runner spools and logs; wiped at each demo start. */
  DEMO_DATA_DIR: z.string().min(1).default("./data/demo"),
  /**
   * The subnet's own validator's monitoring API (the official track: its verdicts and king, as published, not
   * signed). Explicitly empty (`OFFICIAL_API_URL=`) disables the importer.
   */
  OFFICIAL_API_URL: z
    .union([z.literal(""), z.url({ protocol: /^https?$/ })])
    .default("https://api.cacheon.ai"),
  /** Real subtensor data for tests; never committed to the project. */
  CACHEON_FIXTURES_DIR: z.string().min(1).default("../shared/fixtures"),
});

export type Env = z.infer<typeof envSchema>;

/** Variables whose empty value switches a feature off instead of meaning "use the default". */
const EMPTY_MEANS_OFF = new Set(["OFFICIAL_API_URL"]);

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty string means "unset" (docker-compose and shells often export VAR= for optional values), except
  // where empty is a setting of its own.
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([k, v]) => v !== undefined && (v !== "" || EMPTY_MEANS_OFF.has(k))),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function loadEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
