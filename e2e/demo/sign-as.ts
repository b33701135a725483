// A validator's client in its own process, knowing nothing of the demo but its URL: signs GET /api/v1/jobs with
// Epistula v2 as the given dev key and prints what the explorer answered, as one JSON line.
//   node --import tsx e2e/demo/sign-as.ts http://127.0.0.1:3300 cacheon-demo //Validator1
import { randomUUID } from "node:crypto";

import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";

import { signEpistula } from "../../lib/protocol/epistula";

async function main(): Promise<void> {
  const [baseUrl, signedFor, uri] = process.argv.slice(2);
  if (baseUrl === undefined || signedFor === undefined || uri === undefined)
    throw new Error("usage: sign-as.ts <base URL> <signed-for> <secret URI>");
  await cryptoWaitReady();
  const pair = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri(uri);
  const headers = signEpistula(pair, new Uint8Array(0), Date.now(), signedFor, randomUUID());
  const res = await fetch(`${baseUrl}/api/v1/jobs`, { headers, signal: AbortSignal.timeout(15_000) });
  const body: unknown = await res.json().catch(() => null);
  console.log(JSON.stringify({ hotkey: pair.address, status: res.status, body }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
