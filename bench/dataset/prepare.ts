import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { openDatabase, type Database } from "@/db/client";
import { workerStatus } from "@/db/schema";
import { generateBenchDataset, type BenchShape } from "@/db/test-support/bench-dataset";
import { GENERATOR_VERSION, shapeAt, validatorPairs } from "./shape";
import { settleStandings } from "./standings";

// Creates the bench dataset once and reuses it: the database is named after the generator version and the
// scale, and a marker row written last says the generation finished (a run killed halfway is redone).

export type Driver = "postgres" | "pglite";

export interface Dataset {
  driver: Driver;
  /** What the server needs in its environment to open it. */
  env: Record<string, string>;
  shape: BenchShape;
  open(): Promise<Database>;
}

const MARKER = "bench-dataset";

export async function prepareDataset(options: {
  driver: Driver;
  scale: number;
  adminUrl: string;
  log: (line: string) => void;
}): Promise<Dataset> {
  const pairs = await validatorPairs();
  const shape = shapeAt(
    options.scale,
    pairs.map((p) => p.address),
  );
  const tag = `v${GENERATOR_VERSION}_s${String(options.scale).replace(".", "_")}`;
  const location =
    options.driver === "postgres"
      ? await ensurePostgresDatabase(options.adminUrl, `cacheon_bench_data_${tag}`)
      : path.resolve("bench", ".data", `pglite-${tag}`);
  const env: Record<string, string> =
    options.driver === "postgres" ? { DATABASE_URL: location } : { PGLITE_DATA_DIR: location };
  const open = () =>
    openDatabase(options.driver === "postgres" ? { databaseUrl: location } : { pgliteDataDir: location });
  const dataset: Dataset = { driver: options.driver, env, shape, open };

  const database = await open();
  try {
    const [marker] = await database.db.select().from(workerStatus).where(eq(workerStatus.worker, MARKER));
    if (marker?.state === "complete") {
      options.log(`dataset ${tag} on ${options.driver}: reused`);
      return dataset;
    }
  } finally {
    await database.close();
  }
  await rebuild(options, dataset, location, tag);
  return dataset;
}

async function rebuild(
  options: { driver: Driver; adminUrl: string; log: (line: string) => void },
  dataset: Dataset,
  location: string,
  tag: string,
): Promise<void> {
  // Start from nothing: a half-written dataset from a killed run must not be added to.
  if (options.driver === "postgres") {
    await recreatePostgresDatabase(options.adminUrl, new URL(location).pathname.slice(1));
  } else if (existsSync(location)) {
    rmSync(location, { recursive: true, force: true });
  }
  const database = await dataset.open();
  const started = performance.now();
  try {
    const step = (name: string) =>
      options.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s: ${name}`);
    await generateBenchDataset(database.db, dataset.shape, step);
    step("standings (verdicts, kings, reigns and emissions from the runs and snapshots)");
    await settleStandings(database.db, dataset.shape);
    await database.db.insert(workerStatus).values({
      worker: MARKER,
      state: "complete",
      detail: { tag, shape: { ...dataset.shape, validators: [] } },
    });
  } finally {
    await database.close();
  }
  options.log(
    `dataset ${tag} on ${options.driver}: generated in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function ensurePostgresDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length === 0) await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function recreatePostgresDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
}
