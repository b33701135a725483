// The write stage: consecutive blocks, in order, in one transaction with the cursor. The cursor moves first
// (guarded: a second writer fails instead of writing twice), then every block's rows, then the notifications,
// which Postgres delivers only if the transaction commits.
import type { Db, DbOrTx as Tx } from "@/db/client";
import { publishChange } from "@/db/notify";
import { advanceCursor, recordHotkeySwaps } from "@/db/queries/chain";
import { getHotkeysBefore, insertSnapshot, type UidHolder } from "@/db/queries/metagraph";
import { loadHotkeyHistory, loadStoredIdentities, storeCommitmentPlan } from "@/db/queries/submission-ingest";
import { observationIdentity, planCommitments, type ObservedAt } from "./commitment-plan";
import type { BlockData, MetagraphData } from "./types";

export interface WriteOptions {
  /** No cursor exists yet: the first block is the first ever ingested. */
  initial: boolean;
  /** Following the head: every block is announced, not only the ones with a snapshot. */
  live: boolean;
  /** The netuid's NetworkRegisteredAt at the last block, kept with the cursor (subnet-identity.ts). */
  subnetRegisteredAt?: number | null;
}

export interface WriteResult {
  commitments: number;
  submissions: number;
  snapshots: number;
  /** UIDs whose hotkey changed with a new registration, by block. */
  deregistered: { block: number; uids: number[] }[];
  /** UIDs whose hotkey was swapped (not deregistered). */
  swapped: (UidSwap & { block: number })[];
}

export interface UidSwap {
  uid: number;
  oldHotkey: string;
  newHotkey: string;
}

/**
 * How the UIDs changed since the previous snapshot. A UID that left the subnet, or whose hotkey changed with a
 * new registration block, was deregistered; a hotkey that changed while the registration block stayed was
 * swapped (do_swap_hotkey moves Keys and Uids, never BlockAtRegistration): the same neuron under a new key.
 */
export function uidChanges(
  previous: ReadonlyMap<number, UidHolder>,
  current: ReadonlyMap<number, UidHolder>,
): { deregistered: number[]; swapped: UidSwap[] } {
  const deregistered: number[] = [];
  const swapped: UidSwap[] = [];
  for (const [uid, before] of previous) {
    const now = current.get(uid);
    if (now?.hotkey === before.hotkey) continue;
    if (now && now.registrationBlock === before.registrationBlock)
      swapped.push({ uid, oldHotkey: before.hotkey, newHotkey: now.hotkey });
    else deregistered.push(uid);
  }
  return { deregistered, swapped };
}

export class BlockWriter {
  // The hotkeys of the last snapshot written, so a deregistration is found without a query per snapshot.
  // Undefined until read from the database; reset after a failed transaction, whose snapshots never landed.
  private lastHotkeys: Map<number, UidHolder> | null | undefined;

  constructor(
    private readonly db: Db,
    private readonly network: string,
    private readonly netuid: number,
  ) {}

  async write(blocks: readonly BlockData[], options: WriteOptions): Promise<WriteResult> {
    const first = blocks[0];
    const last = blocks[blocks.length - 1];
    if (!first || !last)
      return { commitments: 0, submissions: 0, snapshots: 0, deregistered: [], swapped: [] };
    blocks.forEach((b, i) => {
      const previous = blocks[i - 1];
      if (previous && (b.number !== previous.number + 1 || b.parentHash !== previous.hash)) {
        throw new Error(`blocks #${previous.number} and #${b.number} are not a chain`);
      }
    });
    const result: WriteResult = {
      commitments: 0,
      submissions: 0,
      snapshots: 0,
      deregistered: [],
      swapped: [],
    };
    let hotkeys = this.lastHotkeys;
    try {
      await this.db.transaction(async (tx) => {
        await advanceCursor(tx, {
          network: this.network,
          netuid: this.netuid,
          subnetRegisteredAt: options.subnetRegisteredAt,
          first: { number: first.number, parentHash: first.parentHash },
          last: { number: last.number, hash: last.hash, specVersion: last.specVersion },
          initial: options.initial,
        });
        if (hotkeys === undefined) hotkeys = await getHotkeysBefore(tx, this.netuid, first.number);
        const observed = blocks.flatMap((b) => b.commitments.map((c) => ({ ...c, observedBlock: b.number })));
        result.commitments = observed.length;
        result.submissions = (await this.recordCommitments(tx, observed)).length;
        for (const block of blocks) {
          let deregistered: number[] = [];
          if (block.metagraph) {
            const current = new Map(
              block.metagraph.neurons.map((n) => [
                n.uid,
                { hotkey: n.hotkey, registrationBlock: n.registrationBlock },
              ]),
            );
            const changes = hotkeys ? uidChanges(hotkeys, current) : { deregistered: [], swapped: [] };
            deregistered = changes.deregistered;
            hotkeys = current;
            if ((await this.insertSnapshot(tx, block, block.metagraph)) !== null) result.snapshots += 1;
            await recordHotkeySwaps(
              tx,
              changes.swapped.map((w) => ({ ...w, netuid: this.netuid, blockNumber: block.number })),
            );
            result.swapped.push(...changes.swapped.map((w) => ({ ...w, block: block.number })));
            if (deregistered.length > 0)
              result.deregistered.push({ block: block.number, uids: deregistered });
          }
          if (block.metagraph || block.epoch || options.live) {
            await publishChange(tx, {
              type: "block",
              blockNumber: block.number,
              epoch: block.epoch,
              deregistered,
            });
          }
        }
      });
    } catch (error) {
      this.lastHotkeys = undefined;
      throw error;
    }
    this.lastHotkeys = hotkeys;
    return result;
  }

  /** The range's commitments: what is stored for their hotkeys, the plan, and the plan stored. */
  private async recordCommitments(tx: Tx, observed: readonly ObservedAt[]): Promise<number[]> {
    if (observed.length === 0) return [];
    const hotkeys = [...new Set(observed.map((c) => c.hotkey))];
    const stored = await loadStoredIdentities(tx, this.netuid, hotkeys);
    // Epoch scans re-read every commitment: only hotkeys with something new need their history.
    const fresh = [
      ...new Set(observed.filter((c) => !stored.has(observationIdentity(c))).map((c) => c.hotkey)),
    ];
    if (fresh.length === 0) return [];
    const history = await loadHotkeyHistory(tx, this.netuid, fresh);
    return storeCommitmentPlan(tx, planCommitments(this.netuid, observed, stored, history));
  }

  private insertSnapshot(tx: Tx, block: BlockData, m: MetagraphData) {
    return insertSnapshot(
      tx,
      {
        netuid: this.netuid,
        blockNumber: block.number,
        blockHash: block.hash,
        blockTime: block.timestamp,
        tempo: m.tempo,
        kind: m.kind,
        subnetTaoRao: m.subnetTaoRao,
        subnetAlphaInRao: m.subnetAlphaInRao,
        alphaPriceTao: m.alphaPriceTao,
        priceSource: m.priceSource,
        alphaPriceRao: m.alphaPriceRao,
        swapQuoteWeight: m.swapQuoteWeight,
      },
      m.neurons,
    );
  }
}
