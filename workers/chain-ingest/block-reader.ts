// The read stage: a range of finalized blocks into BlockData, many blocks in parallel. Every block costs a
// header and one storage query (events, time, tempo, LastEpochBlock); commitments and the metagraph are read
// only at blocks whose events call for them, at epoch blocks and at the start-up block.
import { epochOutcome, needsEpochIndex, type EpochEvidence } from "@/lib/chain/epoch";
import { decodeSubnetEvents, type SubnetEvent } from "@/lib/chain/events";
import { decodeU16, decodeU64 } from "@/lib/chain/subnet";
import type { Logger } from "@/lib/log";
import { readCommitments, scanCommitmentHotkeys, type BlockReadContext } from "./commitment-reader";
import { mapLimit } from "./map-limit";
import { readMetagraph } from "./metagraph-reader";
import {
  headerNumber,
  setsRuntimeCode,
  type ChainRpc,
  type HeaderJson,
  type RuntimeVersionJson,
} from "./rpc";
import { decodeStorage, type RuntimeView, type RuntimeViews } from "./runtime-view";
import type { BlockData, SnapshotKind } from "./types";

export interface ReadFlags {
  /** The block at which to scan every commitment of the subnet (start-up), besides epoch blocks. */
  fullScanAt?: number;
  /** The block at which to take a `start` snapshot (the very first block ingested). */
  startSnapshotAt?: number;
}

export interface BlockReaderOptions {
  netuid: number;
  /** Requests in flight at once against the node. */
  concurrency: number;
  log: Logger;
}

function touchedHotkeys(events: readonly SubnetEvent[], netuid: number): string[] {
  const hotkeys = new Set<string>();
  for (const e of events) {
    // A commitment with a timelocked field emits TimelockCommitment even when it also holds a Raw field.
    if (e.kind === "commitment" || e.kind === "timelock-commitment" || e.kind === "commitment-revealed") {
      if (e.netuid === netuid) hotkeys.add(e.who);
    }
  }
  return [...hotkeys];
}

export class BlockReader {
  constructor(
    private readonly rpc: ChainRpc,
    private readonly views: RuntimeViews,
    private readonly options: BlockReaderOptions,
  ) {}

  async readRange(from: number, to: number, flags: ReadFlags = {}): Promise<BlockData[]> {
    const numbers = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const hashes = await this.rpc.blockHashes(numbers);
    const headers = await mapLimit(hashes, this.options.concurrency, (hash) => this.rpc.header(hash));
    headers.forEach((header, i) => {
      const previous = hashes[i - 1];
      if (headerNumber(header) !== numbers[i] || (previous !== undefined && header.parentHash !== previous)) {
        throw new Error(`the node's chain is inconsistent at #${numbers[i]} (${hashes[i]})`);
      }
    });
    const versions = await this.runtimeVersions(hashes, headers);
    return mapLimit(numbers, this.options.concurrency, async (number, i) =>
      this.readBlock(
        number,
        hashes[i] as string,
        headers[i] as HeaderJson,
        versions[i] as RuntimeVersionJson,
        flags,
      ),
    );
  }

  /**
   * A block runs the runtime of its parent's state, which changes only after a block that set new code (it
   * logs RuntimeEnvironmentUpdated): one version query per range, and one per upgrade.
   */
  private async runtimeVersions(hashes: readonly string[], headers: readonly HeaderJson[]) {
    const first = headers[0];
    if (!first || !hashes[0]) return [];
    const genesis = headerNumber(first) === 0;
    let version = await this.rpc.runtimeVersion(genesis ? hashes[0] : first.parentHash);
    const versions: RuntimeVersionJson[] = [version];
    for (let i = 1; i < hashes.length; i++) {
      const previous = headers[i - 1] as HeaderJson;
      if (setsRuntimeCode(previous)) version = await this.rpc.runtimeVersion(hashes[i - 1] as string);
      versions.push(version);
    }
    return versions;
  }

  private async readBlock(
    number: number,
    hash: string,
    header: HeaderJson,
    version: RuntimeVersionJson,
    flags: ReadFlags,
  ): Promise<BlockData> {
    const { netuid } = this.options;
    const view = await this.views.get(version, hash);
    const base = await this.readBase(view, hash);
    const ctx: BlockReadContext = { rpc: this.rpc, view, hash, netuid };
    const evidence = {
      block: number,
      netuid,
      tempo: base.tempo,
      lastEpochBlock: base.lastEpochBlock,
      lastStepBlock: base.lastStepBlock,
      events: base.events,
    };
    const outcome = epochOutcome({
      ...evidence,
      // Genesis has no parent state: nothing ran before it.
      epochIndexAdvanced: needsEpochIndex(evidence)
        ? number > 0 && (await this.epochIndexAdvanced(view, hash, header.parentHash))
        : undefined,
    });
    if (outcome === "skipped") this.options.log.info("epoch skipped by the chain", { block: number, netuid });
    // A skipped slot wrote no emission: no epoch snapshot, so nothing is paid for it.
    const epoch = outcome === "ran";
    const hotkeys = new Set(touchedHotkeys(base.events, netuid));
    if (epoch || flags.fullScanAt === number) {
      for (const hotkey of await scanCommitmentHotkeys(ctx)) hotkeys.add(hotkey);
    }
    const registered = base.events.some((e) => e.kind === "neuron-registered" && e.netuid === netuid);
    const kind: SnapshotKind | null = epoch
      ? "epoch"
      : registered
        ? "registration"
        : flags.startSnapshotAt === number
          ? "start"
          : null;
    const metagraph = kind
      ? await readMetagraph(ctx, kind, !setsRuntimeCode(header), this.options.log)
      : null;
    const known = metagraph
      ? new Map(
          metagraph.neurons.map((n) => [n.hotkey, { uid: n.uid, registrationBlock: n.registrationBlock }]),
        )
      : undefined;
    const commitments = await readCommitments(ctx, [...hotkeys].sort(), known);
    return {
      number,
      hash,
      parentHash: header.parentHash,
      specVersion: version.specVersion,
      timestamp: new Date(Number(base.now)),
      epoch,
      commitments,
      metagraph,
    };
  }

  /** Whether SubnetEpochIndex[netuid] moved from the parent's state to this block's (a consumed epoch slot). */
  private async epochIndexAdvanced(view: RuntimeView, hash: string, parentHash: string): Promise<boolean> {
    const index = view.entry("subtensorModule", "subnetEpochIndex");
    // A runtime with LastEpochBlock but no counter: the tempo reset is taken for what it says.
    if (!index) return false;
    const key = view.key(index, this.options.netuid);
    const [[now], [before]] = await Promise.all([
      this.rpc.storageAt([key], hash),
      this.rpc.storageAt([key], parentHash),
    ]);
    const at = (hex: string | null | undefined) =>
      decodeU64(decodeStorage(view, index, hex ?? null), "SubnetEpochIndex");
    return at(now) !== at(before);
  }

  /**
   * Events, Timestamp.Now, the subnet's tempo and, where the runtime schedules epochs with state,
   * SubtensorModule.LastEpochBlock[netuid], in one query.
   */
  private async readBase(
    view: RuntimeView,
    hash: string,
  ): Promise<Omit<EpochEvidence, "block" | "netuid"> & { now: bigint }> {
    const events = view.entry("system", "events");
    const now = view.entry("timestamp", "now");
    const tempo = view.entry("subtensorModule", "tempo");
    const lastEpoch = view.entry("subtensorModule", "lastEpochBlock");
    // Before stateful scheduling the epoch wrote LastMechansimStepBlock (spelled so in subtensor).
    const lastStep = lastEpoch ? null : view.entry("subtensorModule", "lastMechansimStepBlock");
    if (!events || !now || !tempo) {
      throw new Error(
        `runtime ${view.specName}/${view.specVersion} lacks System.Events, Timestamp.Now or Tempo`,
      );
    }
    const keys = [view.key(events), view.key(now), view.key(tempo, this.options.netuid)];
    const scheduleItem = lastEpoch ?? lastStep;
    if (scheduleItem) keys.push(view.key(scheduleItem, this.options.netuid));
    const [eventsHex, nowHex, tempoHex, scheduleHex] = await this.rpc.storageAt(keys, hash);
    const scheduleBlock = scheduleItem
      ? Number(decodeU64(decodeStorage(view, scheduleItem, scheduleHex ?? null), "LastEpochBlock"))
      : null;
    return {
      events: eventsHex ? decodeSubnetEvents(decodeStorage(view, events, eventsHex)) : [],
      now: decodeU64(decodeStorage(view, now, nowHex ?? null), "Timestamp.Now"),
      tempo: decodeU16(decodeStorage(view, tempo, tempoHex ?? null), "Tempo"),
      lastEpochBlock: lastEpoch ? scheduleBlock : null,
      lastStepBlock: lastStep ? scheduleBlock : null,
    };
  }
}
