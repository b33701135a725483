import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Keyring } from "@polkadot/keyring";
import { stringToU8a } from "@polkadot/util";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "@/db/client";
import { useTestDatabase } from "@/db/test-support/instance";
import { createScratchDatabase, type ScratchDatabase } from "@/db/test-support/scratch-database";
import { postgresAvailable } from "@/db/test-support/databases";
import { buildRun } from "@/lib/protocol/test-support/run-fixture";
import { signRequest } from "@/server/api/test-support/signing";
import { jobsResponseSchema, type Job } from "@/lib/schemas/jobs";
import { kingResponseSchema } from "@/lib/schemas/king";
import { startDevnet, type RunningDevnet } from "./devnet/server";

// The README's production recipe, run for real on Postgres: the worker process (workers/main.ts, a child
// process) follows a devnet and computes the standings; an app instance that runs no workers
// (RUN_WORKERS=false) answers the validator's signed requests and the reads. A validator fetches its job,
// posts a run, and the app sees the king the worker crowned. The app instance is the production server's API
// front (server/api-front.ts over the route modules, as server/start.ts serves /api/*) in this process, so
// the test needs no Next.js build.

vi.stubEnv("NETWORK", "devnet");
vi.stubEnv("RUN_WORKERS", "false");
vi.stubEnv("EPISTULA_SIGNED_FOR", "");
vi.stubEnv("LOG_LEVEL", "warn");
const { API_ROUTES } = await import("@/app/api/routes");
const { withApiFront } = await import("@/server/api-front");

const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const IMAGE = "docker.io/alice/fast-qwen:v3";
const DIGEST = `sha256:${"ab".repeat(32)}`;

describe.skipIf(!postgresAvailable)(
  "production recipe: one worker process, an app with RUN_WORKERS=false",
  () => {
    let scratch: ScratchDatabase;
    let devnet: RunningDevnet;
    let database: Database;
    let restoreDatabase: () => void;
    let server: Server;
    let app: string;
    let worker: ChildProcess;
    let workerLog = "";
    const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });

    beforeAll(async () => {
      await cryptoWaitReady();
      scratch = await createScratchDatabase(ADMIN_URL, "cacheon_recipe");
      devnet = await startDevnet({ genesisTime: 1_750_000_000_000 });
      const chain = devnet.devnet;
      const validator = keyring.addFromUri("//Validator1").address;
      const uid = chain.registerNeuron({ hotkey: validator, coldkey: keyring.addFromUri("//Alice").address });
      chain.setValidatorPermit({ uid, permit: true });
      chain.setStake({ hotkey: validator, alpha: 100_000_000_000_000n });
      const miner = keyring.addFromUri("//Miner1").address;
      chain.registerNeuron({ hotkey: miner, coldkey: keyring.addFromUri("//Bob").address });
      chain.commit({
        hotkey: miner,
        fields: [stringToU8a(JSON.stringify({ image: IMAGE, digest: DIGEST }))],
      });
      chain.newBlocks(1);
      chain.advanceEpoch({ weights: {} });

      worker = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
        env: {
          ...process.env,
          DATABASE_URL: scratch.url,
          CHAIN_ENDPOINT: devnet.url,
          CHAIN_START_BLOCK: "0",
          NETWORK: "devnet",
          NETUID: "14",
          LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const collect = (chunk: Buffer) => void (workerLog = (workerLog + chunk.toString()).slice(-20_000));
      worker.stdout?.on("data", collect);
      worker.stderr?.on("data", collect);

      database = await openDatabase({ databaseUrl: scratch.url });
      restoreDatabase = useTestDatabase(database);
      const notFound = (_: unknown, res: { statusCode: number; end(): void }) => {
        res.statusCode = 404;
        res.end();
      };
      const serve = withApiFront(API_ROUTES, notFound, (error) => console.error(error));
      server = createServer((req, res) => void serve(req, res));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      app = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }, 120_000);

    afterAll(async () => {
      if (worker && worker.exitCode === null) {
        const exited = new Promise((resolve) => worker.once("close", resolve));
        worker.kill("SIGTERM");
        await exited;
      }
      await new Promise((resolve) => server?.close(resolve));
      restoreDatabase?.();
      await database?.close();
      await devnet?.stop();
      await scratch?.drop();
    }, 60_000);

    /** A signed request from //Validator1 to the app, over HTTP, with no Content-Type (a Python validator's). */
    const signed = (method: "GET" | "POST", path: string, body?: string) => {
      const spec = signRequest({
        method,
        path,
        pair: keyring.addFromUri("//Validator1"),
        nowMs: Date.now(),
        signedFor: "",
        body,
        contentType: null,
      });
      return fetch(`${app}${path}`, { method, headers: spec.headers, body: spec.body });
    };

    it("crowns the king of a posted run", async () => {
      const miner = keyring.addFromUri("//Miner1").address;
      // The worker process ingests the chain: the validator's permit and the miner's submission become a job.
      let job: Job | undefined;
      await vi.waitFor(
        async () => {
          const response = await signed("GET", "/api/v1/jobs");
          const answer = jobsResponseSchema.safeParse(await response.json());
          job = answer.data?.jobs.find((j) => j.hotkey === miner);
          expect(job, workerLog.slice(-2000)).toBeDefined();
        },
        { timeout: 90_000, interval: 500 },
      );
      if (job === undefined) throw new Error("no job");

      const run = buildRun({
        validatorHotkey: keyring.addFromUri("//Validator1").address,
        submission: {
          hotkey: job.hotkey,
          image: job.image,
          digest: job.digest,
          commitBlock: job.commitBlock,
        },
        seed: job.seed,
      });
      const posted = await signed("POST", "/api/v1/runs", JSON.stringify(run));
      expect(posted.status, await posted.clone().text()).toBe(201);

      // Only the worker process computes standings: the king it crowns is what the app serves.
      await vi.waitFor(
        async () => {
          devnet.devnet.newBlocks(1);
          const answer = kingResponseSchema.parse(await (await fetch(`${app}/api/v1/king`)).json());
          expect(answer.king?.hotkey, workerLog.slice(-2000)).toBe(miner);
        },
        { timeout: 60_000, interval: 500 },
      );
      expect(worker.exitCode).toBeNull();
    }, 180_000);
  },
);
