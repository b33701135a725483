// What the read stage hands the write stage for one finalized block: plain values, no codecs, so a block can
// be read ahead of its turn and written later in order.
import type { PoolPriceInputs } from "@/lib/chain/pool-price";

/** A commitment as read at a block, before the explorer decides what it is. */
export interface CommitmentObservation {
  hotkey: string;
  source: "plain" | "revealed";
  /** The block the plaintext became readable: the Registration's block, or the reveal block. */
  commitBlock: number;
  /** The bytes as stored on chain (a revealed plaintext keeps its SCALE length prefix). */
  rawBytes: Uint8Array;
  /** The committed text: what the parser reads. */
  text: Uint8Array;
  /** The hotkey's UID and registration block at the observed block; null when it is not registered. */
  uid: number | null;
  registrationBlock: number | null;
}

export interface NeuronRow {
  uid: number;
  hotkey: string;
  coldkey: string;
  /** The chain's stake weight (alpha + TaoWeight × root TAO), RAO. */
  stakeRao: bigint;
  validatorPermit: boolean;
  /** Incentive as a fraction in [0, 1]. */
  incentive: number;
  emissionRao: bigint;
  registrationBlock: number;
}

/** Why a snapshot was taken; only `epoch` snapshots carry a fresh epoch's Emission. */
export type SnapshotKind = "epoch" | "registration" | "start";

/** A snapshot of the subnet: its neurons, and its pool's price with the reserves (lib/chain/pool-price.ts). */
export interface MetagraphData extends PoolPriceInputs {
  kind: SnapshotKind;
  /** How it was read: the selective metagraph runtime API, or storage items one by one. */
  via: "runtime-api" | "storage";
  tempo: number;
  neurons: NeuronRow[];
}

export interface BlockData {
  number: number;
  hash: string;
  parentHash: string;
  specVersion: number;
  timestamp: Date;
  /** The subnet ran its epoch in this block. */
  epoch: boolean;
  commitments: CommitmentObservation[];
  /** A snapshot of the subnet at this block, or null when none is due (or the subnet does not exist). */
  metagraph: MetagraphData | null;
}
