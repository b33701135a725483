import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import type { BenchShape } from "@/db/test-support/bench-dataset";

/** Bump when the generator changes what it writes: a stored dataset of another version is rebuilt. */
export const GENERATOR_VERSION = 2;

/** Mainnet has at most 64 validator permits on a subnet; each signs runs in the ingest bench. */
export const VALIDATOR_COUNT = 64;

/** The validators' sr25519 pairs (`//BenchValidator<i>`): UIDs 0..63 of every snapshot. */
export async function validatorPairs(): Promise<KeyringPair[]> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  return Array.from({ length: VALIDATOR_COUNT }, (_, i) => keyring.addFromUri(`//BenchValidator${i}`));
}

/**
 * A year of mainnet at `scale` 1: 10,000 submissions, 100,000 runs, 1,000,000 per-prompt rows, 7,279 epoch
 * snapshots of 256 UIDs (1.86 M neuron rows) and their emissions. Smaller scales shrink every count alike,
 * for cheap iterations.
 */
export function shapeAt(scale: number, validators: readonly string[]): BenchShape {
  return {
    submissions: Math.max(200, Math.round(10_000 * scale)),
    runsPerSubmission: 10,
    promptsPerRun: 10,
    epochs: Math.max(50, Math.round(7_279 * scale)),
    neurons: 256,
    validators,
  };
}
