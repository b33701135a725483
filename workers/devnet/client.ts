// A typed client for the devnet's dev_* methods over any @polkadot/api provider (tests, demo seeding from
// another process). RAO amounts are sent as decimal strings, as JSON cannot carry bigints.

// What WsProvider (or any @polkadot/api provider) offers; kept structural to avoid a transitive import.
export interface RpcSender {
  send<T>(method: string, params: unknown[]): Promise<T>;
}

export interface BlockRef {
  hash: string;
  number: number;
}

type Text = string | { hex: string };

export function devClient(provider: RpcSender) {
  const call = <T>(method: string, params: object = {}) => provider.send<T>(method, [params]);
  return {
    // Resolves to the hash of the last block produced.
    newBlock: (count = 1) => call<string>("dev_newBlock", { count }),
    registerNeuron: (req: { hotkey: string; coldkey: string; netuid?: number }) =>
      call<number>("dev_registerNeuron", req),
    replaceNeuron: async (req: { uid: number; hotkey: string; coldkey: string; netuid?: number }) =>
      (await call<{ replaced: string }>("dev_replaceNeuron", req)).replaced,
    setValidatorPermit: (req: { uid: number; permit: boolean; netuid?: number }) =>
      call<true>("dev_setValidatorPermit", req),
    setStake: (req: { hotkey: string; alpha: bigint; netuid?: number }) =>
      call<true>("dev_setStake", { ...req, alpha: req.alpha.toString() }),
    commit: (req: { hotkey: string; text: Text | Text[]; netuid?: number }) =>
      call<{ block: number }>("dev_commit", req),
    commitTimelocked: (req: { hotkey: string; text: Text; revealInBlocks?: number; netuid?: number }) =>
      call<{ revealRound: number; revealBlock: number }>("dev_commitTimelocked", req),
    reveal: async (req: { hotkey: string; netuid?: number }) =>
      (await call<{ revealed: number }>("dev_reveal", req)).revealed,
    advanceEpoch: (
      req: {
        weights?: Record<number, number>;
        taoIn?: bigint;
        alphaIn?: bigint;
        tempo?: number;
        netuid?: number;
      } = {},
    ) =>
      call<BlockRef>("dev_advanceEpoch", {
        ...req,
        taoIn: req.taoIn?.toString(),
        alphaIn: req.alphaIn?.toString(),
      }),
    runtimeUpgrade: async () => (await call<{ specVersion: number }>("dev_runtimeUpgrade")).specVersion,
    // Answers the UID that moved to the new hotkey.
    swapHotkey: async (req: { coldkey: string; oldHotkey: string; newHotkey: string; netuid?: number }) =>
      (await call<{ uid: number }>("dev_swapHotkey", req)).uid,
    // Answers the block (the pending one) where the netuid is registered again.
    reRegisterSubnet: async () => (await call<{ block: number }>("dev_reRegisterSubnet")).block,
    // The subnet owner's trigger_epoch; resolves to the block the epoch fires at.
    triggerEpoch: async () => (await call<{ firesAt: number }>("dev_triggerEpoch")).firesAt,
    faultNextEpoch: (fault: "defer" | "skip") => call<true>("dev_faultNextEpoch", { fault }),
    setRootStake: (req: { hotkey: string; tao: bigint }) =>
      call<true>("dev_setRootStake", { ...req, tao: req.tao.toString() }),
    setTaoWeight: (weight: bigint) => call<true>("dev_setTaoWeight", { weight: weight.toString() }),
    // The balancer's quote (TAO) weight in parts of 10^18.
    setSwapBalancer: (req: { quote: bigint; netuid?: number }) =>
      call<true>("dev_setSwapBalancer", { ...req, quote: req.quote.toString() }),
  };
}

export type DevClient = ReturnType<typeof devClient>;
