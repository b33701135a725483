// Seeds the e2e database before the explorer starts: `node --import tsx e2e/seed.ts <pgliteDataDir>`.
// Three reigns (built by the standings worker's own recompute, stage by stage as the cursor advances), ~60
// submissions in every state, ignored and unparseable commitments, two validators, and the epoch snapshots
// that emissions are derived from. //Validator1 has a permit, so a test can post a signed run.
import { createHash } from "node:crypto";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { Keyring } from "@polkadot/keyring";
import { openDatabase, type Db } from "@/db/client";
import { insertRun } from "@/db/queries/runs";
import {
  fakeDigest,
  fakeHotkey,
  seedCommitment,
  seedCursor,
  seedProgress,
  seedRun,
  seedSnapshot,
  seedSubmission,
  seedValidator,
  blockTime,
  type SeedNeuron,
} from "@/db/test-support/seed";
import { buildRun } from "@/lib/protocol/test-support/run-fixture";
import { recomputeStandings } from "@/workers/standings/recompute";
import { LIVE_RUNS, LIVE_UID } from "./live-runs";

const dataDir = process.argv[2];
if (!dataDir) {
  console.error("usage: node --import tsx e2e/seed.ts <pgliteDataDir>");
  process.exit(1);
}

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const V1 = keyring.addFromUri("//Validator1").address;
const V2 = fakeHotkey("validator-2");

/** Hotkeys of the seeded miners by UID; names kept stable so specs can refer to them. */
export const miner = (uid: number): string => fakeHotkey(`miner-${uid}`);
const KING_UID = 6;

const database = await openDatabase({ pgliteDataDir: dataDir });
const db: Db = database.db;
const netuid = 14;
const network = "finney";

const uids = Array.from({ length: 62 }, (_, i) => i + 2);
// The UID the snapshots pay: the king in force over the snapshots being written.
let kingUid = 2;

async function snapshot(block: number) {
  const neurons: SeedNeuron[] = [
    { uid: 0, hotkey: V1, stakeRao: 900_000n * 10n ** 9n, validatorPermit: true },
    { uid: 1, hotkey: V2, stakeRao: 300_000n * 10n ** 9n, validatorPermit: true },
    ...uids.map((uid) => ({
      uid,
      hotkey: miner(uid),
      registrationBlock: 0,
      incentive: uid === kingUid ? 1 : 0,
      emissionRao: uid === kingUid ? 148n * 10n ** 9n : 0n,
    })),
  ];
  await seedSnapshot(db, { block, neurons, alphaPriceTao: 0.0095, tempo: 360 });
}

async function stage(cursor: number, fromSnapshot: number) {
  for (let b = fromSnapshot; b <= cursor; b += 1800) await snapshot(b);
  await seedCursor(db, cursor, network);
  const result = await recomputeStandings(db, { netuid, network, now: blockTime(cursor) });
  console.log(`stage ${cursor}: king submission ${result.kingSubmissionId ?? "none"}`);
}

const finished = (block: number) => blockTime(block + 300);

// Stage 1: the first king, a failed submission and one that does not beat the fresh margin.
const s2 = await seedSubmission(db, { hotkey: miner(2), uid: 2, commitBlock: 1000 });
await seedRun(db, { submissionId: s2, validatorHotkey: V1, score: 0.05, finishedAt: finished(1000) });
const s3 = await seedSubmission(db, { hotkey: miner(3), uid: 3, commitBlock: 2000 });
await seedRun(db, {
  submissionId: s3,
  validatorHotkey: V1,
  outcome: "failed",
  failureReason: "correctness_failed",
  finishedAt: finished(2000),
});
const s4 = await seedSubmission(db, { hotkey: miner(4), uid: 4, commitBlock: 3000 });
await seedRun(db, { submissionId: s4, validatorHotkey: V1, score: 0.0502, finishedAt: finished(3000) });
await stage(10_000, 2000);

// Stage 2: uid 5 dethrones uid 2.
const s5 = await seedSubmission(db, { hotkey: miner(5), uid: 5, commitBlock: 15_000 });
await seedRun(db, { submissionId: s5, validatorHotkey: V1, score: 0.12, finishedAt: finished(15_000) });
await stage(20_000, 11_000);
kingUid = 5;

// Stage 3: the reigning king (uid 6), with full ten-prompt runs from both validators.
const s6 = await seedSubmission(db, {
  hotkey: miner(KING_UID),
  uid: KING_UID,
  commitBlock: 25_000,
  image: "ghcr.io/fastlane/qwen-turbo:v7",
});
for (const validator of [V1, V2]) {
  const run = buildRun({
    validatorHotkey: validator,
    submission: {
      hotkey: miner(KING_UID),
      image: "ghcr.io/fastlane/qwen-turbo:v7",
      digest: fakeDigest(miner(KING_UID)),
      commitBlock: 25_000,
    },
    seed: { block: 25_001, blockHash: `0x${"ab".repeat(32)}` },
    ttftRatio: 0.7,
  });
  const envelope = new TextEncoder().encode(JSON.stringify(run));
  await insertRun(db, {
    run,
    submissionId: s6,
    summary: run.summary,
    envelope,
    envelopeSha256: createHash("sha256").update(envelope).digest("hex"),
    epistulaUuid: crypto.randomUUID(),
    receivedAt: finished(25_000),
  });
}
await stage(30_000, 21_800);
kingUid = KING_UID;

// Stage 4: the field. Ranked challengers, failures of every kind, pending, evaluating, a duplicate of the
// king, an ignored second commitment and an unparseable one.
const failures = ["container_crashed", "health_timeout", "oom", "runner_error", "pull_failed"];
for (let uid = 7; uid <= 63; uid++) {
  const commitBlock = 30_100 + uid * 100;
  const image =
    uid % 5 === 0 ? `ghcr.io/team${uid}/vllm-tuned:r${uid}` : `docker.io/miner${uid}/fast-qwen:v1`;
  const id = await seedSubmission(db, {
    hotkey: miner(uid),
    uid,
    commitBlock,
    image,
    digest: uid === 11 ? fakeDigest(miner(KING_UID)) : undefined,
  });
  if (uid === 60 || uid === 61) continue; // pending: nobody evaluated it yet
  if (uid === 62 || uid === 63) {
    await seedProgress(db, {
      submissionId: id,
      validatorHotkey: V1,
      phase: "benchmark",
      at: finished(commitBlock),
    });
    // Started as the seeding runs (the row's "since"), but received long ago: hidden until the spec reports.
    if (uid === LIVE_UID)
      for (const runId of Object.values(LIVE_RUNS))
        await seedProgress(db, {
          runId,
          submissionId: id,
          validatorHotkey: V1,
          phase: "pulling",
          at: new Date(),
          receivedAt: finished(commitBlock),
        });
    continue;
  }
  if (uid % 9 === 0) {
    await seedRun(db, {
      submissionId: id,
      validatorHotkey: V1,
      outcome: "failed",
      failureReason: failures[(uid / 9) % failures.length],
      finishedAt: finished(commitBlock),
    });
    continue;
  }
  // Scores spread below the king's 0.2 (0.01 .. 0.19), stable per UID.
  const score = 0.01 + ((uid * 37) % 19) / 100;
  await seedRun(db, {
    submissionId: id,
    validatorHotkey: V1,
    score,
    finishedAt: finished(commitBlock),
    tokenMatchRate: 0.9 + ((uid * 7) % 10) / 100,
  });
  if (uid % 4 === 0) {
    await seedRun(db, {
      submissionId: id,
      validatorHotkey: V2,
      score: uid % 8 === 0 ? score : score * 0.9,
      finishedAt: finished(commitBlock + 50),
      runnerVersion: "1.1.9",
    });
  }
}
await seedCommitment(db, {
  hotkey: miner(2),
  uid: 2,
  commitBlock: 36_000,
  text: JSON.stringify({ image: "docker.io/miner2/fast-qwen:v2", digest: fakeDigest("miner-2-v2") }),
  parsed: {
    image: "docker.io/miner2/fast-qwen:v2",
    digest: fakeDigest("miner-2-v2"),
    pullRef: `docker.io/miner2/fast-qwen@${fakeDigest("miner-2-v2")}`,
    form: "json",
  },
  disposition: "ignored",
  parseError: "ignored",
});
await seedCommitment(db, {
  hotkey: miner(2),
  uid: 2,
  commitBlock: 37_000,
  text: "{image: fast-qwen}",
  disposition: "unparseable",
  parseError: "bad_json",
  parseErrorMessage: "Unexpected token i in JSON at position 1",
});
await seedValidator(db, {
  hotkey: V1,
  runsPosted: 58,
  lastSeenAt: blockTime(39_900),
  runnerVersion: "1.2.0",
});
await seedValidator(db, {
  hotkey: V2,
  runsPosted: 16,
  lastSeenAt: blockTime(39_000),
  runnerVersion: "1.1.9",
});
await stage(40_000, 31_400);

await database.close();
console.log(`seeded ${dataDir}: king uid ${kingUid}`);
