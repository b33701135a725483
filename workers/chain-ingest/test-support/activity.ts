// Realistic subnet activity, generated straight into an in-process devnet (the backfill benchmark and the
// crash-recovery test): a full subnet, commitments in every form every few dozen blocks, timelocked ones
// revealed later, registrations that recycle UIDs (deregistrations), epochs paying a king, and one runtime
// upgrade midway.
import { Keyring } from "@polkadot/keyring";
import { stringToU8a, u8aToHex } from "@polkadot/util";
import { cryptoWaitReady, sha256AsU8a } from "@polkadot/util-crypto";
import type { Devnet } from "@/workers/devnet/devnet";

export interface ActivityCounts {
  blocks: number;
  commitments: number;
  timelocked: number;
  registrations: number;
}

// A small deterministic PRNG (mulberry32), so every run generates the same chain.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const digest = (name: string) => `sha256:${u8aToHex(sha256AsU8a(stringToU8a(name)), -1, false)}`;

function commitmentText(random: () => number, n: number): string {
  const roll = random();
  if (roll < 0.6)
    return JSON.stringify({ image: `docker.io/miner${n}/fast-qwen:v${n}`, digest: digest(`img${n}`) });
  if (roll < 0.85) return `ghcr.io/miner${n}/qwen@${digest(`bare${n}`)}`;
  return `not a commitment ${n}`;
}

export interface ActivityOptions {
  /** UIDs registered at the start (the subnet's MaxAllowedUids, so later registrations recycle UIDs). */
  neurons?: number;
  commitEvery?: number;
  timelockEvery?: number;
  registerEvery?: number;
  seed?: number;
}

export async function generateActivity(
  devnet: Devnet,
  blocks: number,
  options: ActivityOptions = {},
): Promise<ActivityCounts> {
  const { neurons = 256, commitEvery = 30, timelockEvery = 200, registerEvery = 120, seed = 14 } = options;
  await cryptoWaitReady();
  const random = prng(seed);
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  // Deriving sr25519 keys is slow; a few hundred distinct hotkeys are derived once and reused.
  const pool = Array.from(
    { length: neurons + 144 },
    (_, i) => keyring.addFromUri(`//BenchHotkey${i}`).address,
  );
  const coldkey = keyring.addFromUri("//Alice").address;
  const registered = new Set<string>();
  const byUid: string[] = [];
  const counts: ActivityCounts = { blocks: 0, commitments: 0, timelocked: 0, registrations: 0 };
  for (const hotkey of pool.slice(0, neurons)) {
    byUid[devnet.registerNeuron({ hotkey, coldkey })] = hotkey;
    registered.add(hotkey);
  }
  for (let uid = 0; uid < 4; uid++) {
    devnet.setValidatorPermit({ uid, permit: true });
    devnet.setStake({ hotkey: pool[uid] as string, alpha: 10n ** 15n });
  }
  devnet.advanceEpoch({ weights: { [Math.min(10, neurons - 1)]: 1 } });
  const pick = () => {
    const list = [...registered];
    return list[Math.floor(random() * list.length)] as string;
  };
  let n = 0;
  while (devnet.chain.head.number < blocks) {
    const block = devnet.chain.pendingNumber;
    if (block % commitEvery === 0) {
      devnet.commit({ hotkey: pick(), fields: [stringToU8a(commitmentText(random, n++))] });
      counts.commitments++;
    }
    if (block % timelockEvery === 0) {
      const text = JSON.stringify({ image: `docker.io/late${n}/kv:v1`, digest: digest(`late${n++}`) });
      devnet.commitTimelocked({ hotkey: pick(), text: stringToU8a(text), revealInBlocks: 5 });
      counts.timelocked++;
    }
    if (block % registerEvery === 0) {
      const newcomer = pool.find((h) => !registered.has(h));
      if (newcomer) {
        // The subnet is full: registering recycles a UID, deregistering its hotkey.
        const uid = devnet.registerNeuron({ hotkey: newcomer, coldkey });
        const replaced = byUid[uid];
        if (replaced) registered.delete(replaced);
        byUid[uid] = newcomer;
        registered.add(newcomer);
        counts.registrations++;
      }
    }
    if (block === Math.floor(blocks / 2)) devnet.runtimeUpgrade();
    devnet.newBlocks(1);
  }
  counts.blocks = devnet.chain.head.number;
  return counts;
}
