// The devnet's in-process API: a chain with one subnet, the dev operations that stand in for extrinsics, and
// the per-block hooks (timelock reveals, epochs). Operations land in the pending block; sealing makes them
// visible to RPC readers, exactly like an extrinsic included in the next block.
import { DevChain, type DevBlock } from "./chain";
import type { DevnetMetadata } from "./metadata/build";
import { commit, commitTimelocked, drandRoundAt, revealDue } from "./runtime/commitments";
import { isEpochBlock, nextEpochBlock, runEpoch, stepBlock, updateMovingPrice } from "./runtime/epoch";
import {
  createSubnet,
  registerNeuron,
  replaceNeuron,
  setStake,
  setValidatorPermit,
} from "./runtime/subtensor";
import { decodeU16 } from "@/lib/chain/subnet";
import { rejected } from "./errors";
import { swapHotkey } from "./runtime/hotkey-swap";
import { reRegisterNetwork } from "./runtime/network";
import type { RuntimeEventValue } from "./runtime/events";
import { decodeAddress, encodeAddress } from "@polkadot/util-crypto";

// Accounts are compared as strings (e.g. the timelock index), so every entry point normalises to SS58/42.
const ss58 = (address: string) => encodeAddress(decodeAddress(address), 42);

export interface DevnetConfig {
  netuid: number;
  tempo: number;
  maxUids: number;
  immunityPeriod: number;
  genesisTime: number;
  blockTimeMs: number;
  finalityLag: number;
  specVersion: number;
  alphaPerBlock: bigint;
  taoIn: bigint;
  alphaIn: bigint;
  subnetOwner: string;
}

export interface EpochRequest {
  netuid?: number;
  // Relative miner weights by UID from now on (e.g. { [kingUid]: 1 }); omitted keeps the previous ones.
  weights?: Record<number, number>;
  taoIn?: bigint;
  alphaIn?: bigint;
  tempo?: number;
}

export class Devnet {
  readonly chain: DevChain;
  readonly #weights = new Map<number, Map<number, number>>();

  constructor(
    meta: DevnetMetadata,
    readonly config: DevnetConfig,
  ) {
    this.chain = new DevChain(meta, config);
    this.chain.onInitialize(({ number, timestamp, state, deposit }) => {
      revealDue(state, number, drandRoundAt(timestamp), deposit);
      const tempo = decodeU16(state.value("SubtensorModule", "Tempo", [config.netuid]));
      stepBlock(state, config.netuid);
      if (isEpochBlock(number, config.netuid, tempo)) {
        runEpoch(state, config.netuid, number, {
          alphaPerBlock: config.alphaPerBlock,
          minerWeights: this.#weights.get(config.netuid) ?? new Map(),
        });
      }
    });
    const genesis = this.chain.pending();
    createSubnet(genesis, { ...config, owner: config.subnetOwner }, 0);
    updateMovingPrice(genesis, config.netuid);
    this.chain.seal();
  }

  get #pending() {
    return this.chain.pending();
  }

  #deposit = (event: RuntimeEventValue) => this.chain.deposit(event);

  registerNeuron(req: { netuid?: number; hotkey: string; coldkey: string }): number {
    const netuid = req.netuid ?? this.config.netuid;
    const neuron = { netuid, hotkey: ss58(req.hotkey), coldkey: ss58(req.coldkey) };
    return registerNeuron(this.#pending, neuron, this.chain.pendingNumber, this.#deposit);
  }

  // Puts a new hotkey on a UID in use, as a deregistration followed by a registration does; returns the old hotkey.
  replaceNeuron(req: { netuid?: number; uid: number; hotkey: string; coldkey: string }): string {
    const netuid = req.netuid ?? this.config.netuid;
    const neuron = { netuid, uid: req.uid, hotkey: ss58(req.hotkey), coldkey: ss58(req.coldkey) };
    return replaceNeuron(this.#pending, neuron, this.chain.pendingNumber, this.#deposit);
  }

  setValidatorPermit(req: { netuid?: number; uid: number; permit: boolean }): void {
    setValidatorPermit(this.#pending, req.netuid ?? this.config.netuid, req.uid, req.permit);
  }

  setStake(req: { netuid?: number; hotkey: string; alpha: bigint }): void {
    setStake(this.#pending, req.netuid ?? this.config.netuid, ss58(req.hotkey), req.alpha);
  }

  commit(req: { netuid?: number; hotkey: string; fields: Uint8Array[] }): void {
    commit(
      this.#pending,
      req.netuid ?? this.config.netuid,
      ss58(req.hotkey),
      req.fields,
      this.chain.pendingNumber,
      this.#deposit,
    );
  }

  // Returns the drand round the commitment targets and the block whose timestamp reaches it.
  commitTimelocked(req: { netuid?: number; hotkey: string; text: Uint8Array; revealInBlocks: number }): {
    revealRound: number;
    revealBlock: number;
  } {
    const revealBlock = this.chain.pendingNumber + Math.max(1, req.revealInBlocks);
    const revealRound = drandRoundAt(this.chain.timestampOf(revealBlock));
    const netuid = req.netuid ?? this.config.netuid;
    commitTimelocked(
      this.#pending,
      netuid,
      ss58(req.hotkey),
      req.text,
      revealRound,
      this.chain.pendingNumber,
      this.#deposit,
    );
    return { revealRound, revealBlock };
  }

  // Reveals the hotkey's timelocked commitments in the pending block, whatever round they target.
  reveal(req: { netuid?: number; hotkey: string }): number {
    const only = { netuid: req.netuid ?? this.config.netuid, hotkey: ss58(req.hotkey) };
    const round = drandRoundAt(this.chain.timestampOf(this.chain.pendingNumber));
    return revealDue(this.#pending, this.chain.pendingNumber, round, this.#deposit, only);
  }

  newBlocks(count = 1): DevBlock[] {
    return Array.from({ length: Math.max(1, count) }, () => this.chain.seal());
  }

  // Validators' set_weights on the subnet's miners (relative, by UID), used by every later epoch; an empty
  // object sets no weights. Unlike advanceEpoch it seals nothing, so a block timer keeps its pace (the demo).
  setWeights(req: { netuid?: number; weights: Record<number, number> }): void {
    const netuid = req.netuid ?? this.config.netuid;
    this.#weights.set(netuid, new Map(Object.entries(req.weights).map(([uid, w]) => [Number(uid), w])));
  }

  // Seals blocks up to and including the subnet's next epoch block, after applying the request's changes.
  advanceEpoch(req: EpochRequest = {}): DevBlock {
    const netuid = req.netuid ?? this.config.netuid;
    if (netuid !== this.config.netuid)
      throw rejected(`the devnet runs epochs for subnet ${this.config.netuid} only`);
    const state = this.#pending;
    if (req.weights)
      this.#weights.set(netuid, new Map(Object.entries(req.weights).map(([uid, w]) => [Number(uid), w])));
    if (req.tempo !== undefined) state.put("SubtensorModule", "Tempo", [netuid], req.tempo);
    if (req.taoIn !== undefined) state.put("SubtensorModule", "SubnetTAO", [netuid], req.taoIn);
    if (req.alphaIn !== undefined) state.put("SubtensorModule", "SubnetAlphaIn", [netuid], req.alphaIn);
    const tempo = decodeU16(state.value("SubtensorModule", "Tempo", [netuid]));
    const target = nextEpochBlock(this.chain.head.number, netuid, tempo);
    if (target === null) throw rejected(`subnet ${netuid} has tempo 0 and runs no epochs`);
    let block = this.chain.head;
    while (block.number < target) block = this.chain.seal();
    return block;
  }

  // The coldkey swaps its hotkey on the subnet: the UID and its registration stay (not a deregistration).
  swapHotkey(req: { netuid?: number; coldkey: string; oldHotkey: string; newHotkey: string }): number {
    const swap = {
      netuid: req.netuid ?? this.config.netuid,
      coldkey: ss58(req.coldkey),
      oldHotkey: ss58(req.oldHotkey),
      newHotkey: ss58(req.newHotkey),
    };
    return swapHotkey(this.#pending, swap, this.#deposit);
  }

  // The subnet dissolved and its netuid registered again in the pending block: a new subnet, same netuid.
  reRegisterSubnet(): number {
    const block = this.chain.pendingNumber;
    reRegisterNetwork(this.#pending, { ...this.config, owner: this.config.subnetOwner }, block);
    return block;
  }

  runtimeUpgrade(): number {
    return this.chain.scheduleRuntimeUpgrade();
  }
}
