// Demo data for an offline explorer: one validator with a permit and stake, miners committing in every form
// the explorer must handle (JSON, the bare `image@digest` form, an unparseable text, a timelocked one), and
// one epoch whose miner emission goes to the first miner. Keys come from dev URIs so demo tools can sign.
import { Keyring } from "@polkadot/keyring";
import { stringToU8a, u8aToHex } from "@polkadot/util";
import { cryptoWaitReady, sha256AsU8a } from "@polkadot/util-crypto";
import type { Devnet } from "./devnet";

export const DEMO_VALIDATOR_URI = "//CacheonValidator";

function digest(name: string): string {
  return `sha256:${u8aToHex(sha256AsU8a(stringToU8a(name)), -1, false)}`;
}

export async function seedDemo(devnet: Devnet, log: (line: string) => void = () => undefined): Promise<void> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  const key = (uri: string) => keyring.addFromUri(uri).address;
  const validator = key(DEMO_VALIDATOR_URI);
  const vuid = devnet.registerNeuron({ hotkey: validator, coldkey: key("//Alice") });
  devnet.setValidatorPermit({ uid: vuid, permit: true });
  devnet.setStake({ hotkey: validator, alpha: 100_000_000_000_000n });

  const commitments: [string, string | null][] = [
    ["//Miner1", JSON.stringify({ image: "docker.io/alice/fast-qwen:v3", digest: digest("fast-qwen:v3") })],
    ["//Miner2", `ghcr.io/bob/qwen-turbo@${digest("qwen-turbo")}`],
    ["//Miner3", "hello world"],
    ["//Miner4", null],
  ];
  const uids = commitments.map(([uri, text]) => {
    const hotkey = key(uri);
    const uid = devnet.registerNeuron({ hotkey, coldkey: key("//Bob") });
    if (text !== null) devnet.commit({ hotkey, fields: [stringToU8a(text)] });
    return uid;
  });
  devnet.newBlocks(1);
  const late = JSON.stringify({ image: "docker.io/carol/kv-cache:v1", digest: digest("kv-cache:v1") });
  devnet.commitTimelocked({ hotkey: key("//Miner4"), text: stringToU8a(late), revealInBlocks: 5 });
  const king = uids[0] ?? 0;
  const epoch = devnet.advanceEpoch({ weights: { [king]: 1 } });
  log(
    `devnet: demo seeded: validator uid ${vuid} (${validator}), miners ${uids.join(", ")}, epoch at #${epoch.number}`,
  );
}
