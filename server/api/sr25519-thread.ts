import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Sr25519Verifier } from "@/lib/protocol/epistula";

// sr25519 checks on a thread of their own, so the serving thread (the ingest row's limit: bench/README.md)
// does not spend a quarter of each signed write in schnorrkel's WASM. The checks asked for within one turn of
// the event loop go over as one message and come back as one; the thread answers messages in order.
// The thread loads nothing but schnorrkel's WASM. verifyEpistulaWith hands it only keys and signatures
// schnorrkel can decode (a panic would leave its memory corrupt), and it still answers false on a throw.

type Check = readonly [publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array];
interface Batch {
  readonly checks: Check[];
  readonly answers: ((valid: boolean) => void)[];
  readonly failures: ((error: Error) => void)[];
}

// CommonJS, evaluated by the worker: the server bundle has no file of its own to point a worker at. The
// package is resolved in the worker, where no bundler rewrites the lookup (next dev's would).
const THREAD_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { sr25519_verify } = require(
  require.resolve("@polkadot-labs/schnorrkel-wasm", { paths: workerData.resolveFrom }),
);
parentPort.on("message", (checks) => {
  const valid = new Uint8Array(checks.length);
  checks.forEach(([publicKey, message, signature], i) => {
    try {
      valid[i] = sr25519_verify(publicKey, message, signature) ? 1 : 0;
    } catch {
      valid[i] = 0;
    }
  });
  parentPort.postMessage(valid);
});
`;

/** Where to look for the package: beside this module when it is a file on disk, else the project root. */
function resolveFrom(): string[] {
  const here = import.meta.url.startsWith("file:") ? [path.dirname(fileURLToPath(import.meta.url))] : [];
  return [...here, process.cwd()];
}

/** A verifier backed by one thread, started on first use and again after it dies. */
export function createSr25519Thread(): Sr25519Verifier & { close(): Promise<void> } {
  let worker: Worker | null = null;
  let gathering: Batch | null = null;
  const sent: Batch[] = [];

  const start = (): Worker => {
    const thread = new Worker(THREAD_SOURCE, { eval: true, workerData: { resolveFrom: resolveFrom() } });
    // Idle, it must not keep a process (a script, a test run) alive.
    thread.unref();
    thread.on("message", (valid: Uint8Array) => {
      const batch = sent.shift();
      batch?.answers.forEach((answer, i) => answer(valid[i] === 1));
      if (sent.length === 0) thread.unref();
    });
    const fail = (error: Error) => {
      if (worker === thread) worker = null;
      for (const batch of sent.splice(0)) batch.failures.forEach((reject) => reject(error));
    };
    thread.on("error", fail);
    thread.on("exit", (code) => fail(new Error(`the sr25519 thread exited (code ${code})`)));
    return thread;
  };

  const flush = () => {
    const batch = gathering as Batch;
    gathering = null;
    worker ??= start();
    worker.ref();
    sent.push(batch);
    worker.postMessage(batch.checks);
  };

  const verify: Sr25519Verifier = (publicKey, message, signature) =>
    new Promise<boolean>((resolve, reject) => {
      if (gathering === null) {
        gathering = { checks: [], answers: [], failures: [] };
        setImmediate(flush);
      }
      gathering.checks.push([publicKey, message, signature]);
      gathering.answers.push(resolve);
      gathering.failures.push(reject);
    });

  return Object.assign(verify, {
    async close() {
      const thread = worker;
      worker = null;
      await thread?.terminate();
    },
  });
}
