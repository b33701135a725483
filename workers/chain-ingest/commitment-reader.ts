// Reads hotkeys' commitments at one block: the plain one (CommitmentOf, its first Raw/BigRaw field) and every
// revealed plaintext (RevealedCommitments, absent on runtimes before commit-reveal), with the UID and
// registration block the hotkey had at that block.
import { decodeCommitmentRegistration } from "@/lib/chain/commitment";
import { decodeRevealedCommitments } from "@/lib/chain/revealed-commitments";
import { decodeAccount, decodeU64, decodeUid } from "@/lib/chain/subnet";
import type { ChainRpc } from "./rpc";
import { decodeStorage, storageKeyArgs, storagePrefix, type RuntimeView } from "./runtime-view";
import type { CommitmentObservation } from "./types";

export interface BlockReadContext {
  rpc: ChainRpc;
  view: RuntimeView;
  hash: string;
  netuid: number;
}

function entries(view: RuntimeView) {
  return {
    commitmentOf: view.entry("commitments", "commitmentOf"),
    revealed: view.entry("commitments", "revealedCommitments"),
    uids: view.entry("subtensorModule", "uids"),
    blockAtRegistration: view.entry("subtensorModule", "blockAtRegistration"),
  };
}

/** Every hotkey holding a plain or revealed commitment on the subnet at the block (the full scan). */
export async function scanCommitmentHotkeys(ctx: BlockReadContext): Promise<string[]> {
  const { commitmentOf, revealed } = entries(ctx.view);
  const hotkeys = new Set<string>();
  for (const entry of [commitmentOf, revealed]) {
    if (!entry) continue;
    for (const key of await ctx.rpc.keys(storagePrefix(entry, ctx.netuid), ctx.hash)) {
      const args = storageKeyArgs(ctx.view.registry, entry, key);
      const who = args[1];
      if (who) hotkeys.add(decodeAccount(who, "Commitments key"));
    }
  }
  return [...hotkeys].sort();
}

/** The hotkey -> (uid, registration block) of each hotkey at the block; absent when not registered. */
async function registrations(
  ctx: BlockReadContext,
  hotkeys: readonly string[],
  uidValues: readonly (string | null)[],
): Promise<Map<string, { uid: number; registrationBlock: number }>> {
  const { uids, blockAtRegistration } = entries(ctx.view);
  const out = new Map<string, { uid: number; registrationBlock: number }>();
  if (!uids || !blockAtRegistration) return out;
  const registered = hotkeys.flatMap((hotkey, i) => {
    const uid = decodeUid(decodeStorage(ctx.view, uids, uidValues[i] ?? null));
    return uid === null ? [] : [{ hotkey, uid }];
  });
  const keys = registered.map((r) => ctx.view.key(blockAtRegistration, ctx.netuid, r.uid));
  const values = await ctx.rpc.storageAt(keys, ctx.hash);
  registered.forEach((r, i) => {
    const block = decodeU64(decodeStorage(ctx.view, blockAtRegistration, values[i] ?? null));
    out.set(r.hotkey, { uid: r.uid, registrationBlock: Number(block) });
  });
  return out;
}

export type Registrations = ReadonlyMap<string, { uid: number; registrationBlock: number }>;

/**
 * The commitments of the given hotkeys at the block. `known` (every registered hotkey, from a snapshot of the
 * same block) saves looking each hotkey's UID and registration block up.
 */
export async function readCommitments(
  ctx: BlockReadContext,
  hotkeys: readonly string[],
  known?: Registrations,
): Promise<CommitmentObservation[]> {
  const { commitmentOf, revealed } = entries(ctx.view);
  const uids = known ? null : entries(ctx.view).uids;
  if (!commitmentOf || hotkeys.length === 0) return [];
  const key = (entry: NonNullable<typeof commitmentOf>, hotkey: string) =>
    ctx.view.key(entry, ctx.netuid, hotkey);
  const keys = hotkeys.flatMap((h) => [
    key(commitmentOf, h),
    ...(revealed ? [key(revealed, h)] : []),
    ...(uids ? [key(uids, h)] : []),
  ]);
  const values = await ctx.rpc.storageAt(keys, ctx.hash);
  const stride = 1 + (revealed ? 1 : 0) + (uids ? 1 : 0);
  const at = (i: number, offset: number) => values[i * stride + offset] ?? null;
  const regs =
    known ??
    (await registrations(
      ctx,
      hotkeys,
      hotkeys.map((_, i) => (uids ? at(i, stride - 1) : null)),
    ));

  return hotkeys.flatMap((hotkey, i) => {
    const reg = regs.get(hotkey);
    const base = { hotkey, uid: reg?.uid ?? null, registrationBlock: reg?.registrationBlock ?? null };
    const out: CommitmentObservation[] = [];
    const plain = decodeCommitmentRegistration(decodeStorage(ctx.view, commitmentOf, at(i, 0)));
    // The explorer reads the first Raw/BigRaw field; timelocked fields only count once revealed.
    const first = plain?.fields[0];
    if (plain && first) {
      out.push({ ...base, source: "plain", commitBlock: plain.block, rawBytes: first, text: first });
    }
    if (revealed) {
      for (const r of decodeRevealedCommitments(decodeStorage(ctx.view, revealed, at(i, 1)))) {
        out.push({
          ...base,
          source: "revealed",
          commitBlock: r.revealBlock,
          rawBytes: r.bytes,
          text: r.text,
        });
      }
    }
    return out;
  });
}
