// The devnet's in-process API: a chain with one subnet, the dev operations that stand in for extrinsics, and
// the per-block hooks (timelock reveals, epochs). Operations land in the pending block; sealing makes them
// visible to RPC readers, exactly like an extrinsic included in the next block.
import { DevChain, type DevBlock } from "./chain";
import { buildDevnetMetadata, type DevnetMetadata } from "./metadata/build";
import { commit, commitTimelocked, drandRoundAt, revealDue } from "./runtime/commitments";
import {
  epochSlot,
  nextEpochStart,
  setTempo,
  triggerEpoch,
  updateMovingPrice,
  type Scheduling,
  type SlotFaults,
  type SlotOutcome,
} from "./runtime/epoch";
import {
  createSubnet,
  registerNeuron,
  replaceNeuron,
  setRootStake,
  setStake,
  setValidatorPermit,
} from "./runtime/subtensor";
import { PERQUINTILL_ONE } from "@/lib/chain/pool-price";
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
  /** How the runtime schedules epochs (default "stateful", finney spec 424). */
  scheduling?: Scheduling;
  /** Swap.SwapBalancer's quote (TAO) weight in parts of 10^18 (default: finney's 0.5, equal weights). */
  swapQuoteWeight?: bigint;
}

// Every finney block runs the timestamp inherent and most pay fees: the devnet's blocks carry those events too.
const TIMESTAMP_INHERENT = {
  weight: { ref_time: 6_000_000, proof_size: 1_493 },
  class: "Mandatory",
  pays_fee: "Yes",
};

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
  readonly #faults: SlotFaults = { defer: false, skip: false };
  #scheduling: Scheduling;
  // A devnet started on the legacy runtime: its metadata until the upgrade, and the block that set new code.
  readonly #legacy: DevnetMetadata | null;
  #upgradedAt: number | null = null;
  /** What the subnet's epoch slot did in each block that had one. */
  readonly slots = new Map<number, Exclude<SlotOutcome, null>>();

  constructor(
    meta: DevnetMetadata,
    readonly config: DevnetConfig,
  ) {
    this.chain = new DevChain(meta, config);
    this.#scheduling = config.scheduling ?? "stateful";
    this.#legacy = this.#scheduling === "legacy" ? buildDevnetMetadata({ legacy: true }) : null;
    this.chain.onInitialize(({ number, timestamp, state, deposit }) => {
      // The first block of the new runtime runs its migrations before anything else.
      if (this.#upgradedAt !== null && number === this.#upgradedAt + 1 && this.#scheduling === "legacy")
        this.#migrateToStateful(state, number);
      revealDue(state, number, drandRoundAt(timestamp), deposit);
      const outcome = epochSlot(
        state,
        config.netuid,
        number,
        this.#scheduling,
        this.#faults,
        {
          alphaPerBlock: config.alphaPerBlock,
          minerWeights: this.#weights.get(config.netuid) ?? new Map(),
        },
        deposit,
      );
      if (outcome) this.slots.set(number, outcome);
      if (number > 0) {
        deposit({ System: { ExtrinsicSuccess: { dispatch_info: TIMESTAMP_INHERENT } } });
        deposit({ Balances: { Withdraw: { who: config.subnetOwner, amount: 125_000 } } });
      }
    });
    const genesis = this.chain.pending();
    createSubnet(
      genesis,
      { ...config, owner: config.subnetOwner },
      0,
      this.#scheduling === "stateful",
      this.#deposit,
    );
    if (config.swapQuoteWeight !== undefined && !this.#legacy)
      this.#putBalancer(genesis, config.netuid, config.swapQuoteWeight);
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

  // Root stake: the TAO a validator's stake weight counts at TaoWeight.
  setRootStake(req: { hotkey: string; tao: bigint }): void {
    setRootStake(this.#pending, ss58(req.hotkey), req.tao);
  }

  // SubtensorModule.TaoWeight, u64::MAX being 1.
  setTaoWeight(weight: bigint): void {
    this.#pending.put("SubtensorModule", "TaoWeight", [], weight);
  }

  // Swap.SwapBalancer's quote (TAO) weight in parts of 10^18, as liquidity added off-price would move it.
  setSwapBalancer(req: { netuid?: number; quote: bigint }): void {
    this.#putBalancer(this.#pending, req.netuid ?? this.config.netuid, req.quote);
  }

  #putBalancer(state: ReturnType<DevChain["pending"]>, netuid: number, quote: bigint): void {
    // The pallet keeps both weights at or above 0.01 (balancer.rs MIN_WEIGHT).
    const min = PERQUINTILL_ONE / 100n;
    if (quote < min || quote > PERQUINTILL_ONE - min)
      throw rejected(`balancer quote weight must be within [0.01, 0.99], got ${quote} parts of 10^18`);
    state.put("Swap", "SwapBalancer", [netuid], { quote });
  }

  // The owner's trigger_epoch: the slot fires ADMIN_FREEZE_WINDOW blocks after the pending block.
  triggerEpoch(): number {
    if (this.#scheduling !== "stateful") throw rejected("this runtime has no owner-triggered epochs");
    return triggerEpoch(this.#pending, this.config.netuid, this.chain.pendingNumber, this.#deposit);
  }

  // The next due slot meets a fault: `defer` (the per-block cap is full, EpochDeferred) or `skip`
  // (inconsistent inputs, EpochSkipped, nothing emitted).
  faultNextEpoch(fault: "defer" | "skip"): void {
    if (this.#scheduling !== "stateful") throw rejected("this runtime neither defers nor skips epochs");
    this.#faults[fault] = true;
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
    if (req.tempo !== undefined)
      setTempo(state, netuid, req.tempo, this.chain.pendingNumber, this.#scheduling, this.#deposit);
    if (req.taoIn !== undefined) state.put("SubtensorModule", "SubnetTAO", [netuid], req.taoIn);
    if (req.alphaIn !== undefined) state.put("SubtensorModule", "SubnetAlphaIn", [netuid], req.alphaIn);
    const first = nextEpochStart(state, netuid, this.#scheduling, this.chain.head.number);
    if (first === null) throw rejected(`subnet ${netuid} has tempo 0 and runs no epochs`);
    // Deferred and skipped slots are passed over: the block returned is one whose epoch ran.
    const tempo = decodeU16(state.value("SubtensorModule", "Tempo", [netuid]));
    const limit = Math.max(first, this.chain.head.number) + 4 * (tempo + 1);
    let block = this.chain.head;
    do block = this.chain.seal();
    while (this.slots.get(block.number) !== "ran" && block.number < limit);
    if (this.slots.get(block.number) !== "ran") throw rejected(`no epoch ran by block ${block.number}`);
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
    reRegisterNetwork(
      this.#pending,
      { ...this.config, owner: this.config.subnetOwner },
      block,
      this.#scheduling === "stateful",
      this.#deposit,
    );
    return block;
  }

  get scheduling(): Scheduling {
    return this.#scheduling;
  }

  // Sets new code in the pending block. A legacy devnet's upgrade is to spec 424's runtime: new metadata from
  // that block's state on, and the migrations in the next block.
  runtimeUpgrade(): number {
    if (this.#legacy && this.#upgradedAt === null) this.#upgradedAt = this.chain.pendingNumber;
    return this.chain.scheduleRuntimeUpgrade();
  }

  /** The metadata of the runtime in a block's state; null where it is the devnet's one metadata. */
  metadataBytesAt(number: number): Uint8Array | null {
    if (!this.#legacy) return null;
    return this.#upgradedAt === null || number < this.#upgradedAt ? this.#legacy.bytes : null;
  }

  // subtensor's migrate_dynamic_tempo (the first stateful epoch fires where the legacy one would have) and
  // migrate_swapv3_to_balancer (the pool becomes a balancer).
  #migrateToStateful(state: ReturnType<DevChain["pending"]>, number: number): void {
    const { netuid } = this.config;
    const tempo = decodeU16(state.value("SubtensorModule", "Tempo", [netuid]));
    if (tempo > 0) {
      const untilNext = tempo - ((number + netuid + 1) % (tempo + 1));
      state.put("SubtensorModule", "LastEpochBlock", [netuid], Math.max(0, number + untilNext - tempo));
    }
    if (this.config.swapQuoteWeight !== undefined)
      this.#putBalancer(state, netuid, this.config.swapQuoteWeight);
    this.#scheduling = "stateful";
  }
}
