// The scripted population: miners register and commit over time on the devnet, each when the story is ready
// for it (read from the public API), and the validators' weights follow the king, as set_weights does on
// finney. Reacting to the explorer's state instead of a clock keeps the story right at any speed.
import { Keyring } from "@polkadot/keyring";
import { stringToU8a } from "@polkadot/util";
import { cryptoWaitReady } from "@polkadot/util-crypto";

import type { Devnet } from "@/workers/devnet/devnet";

import { describeChanges, describeMargin, type Reading } from "./narrator";
import {
  commitmentFor,
  MINERS,
  OWNER_URI,
  PATIENT_COMMITS_BELOW_EPSILON,
  UNPARSEABLE_COMMITMENT,
  VALIDATORS,
  type DemoMiner,
} from "./population";
import type { PublicApi } from "./public-api";

interface Step {
  readonly name: string;
  readonly ready: (r: Reading & { validatorsReady: boolean }) => boolean;
  readonly act: (r: Reading) => void;
}

export interface Scenario {
  /** One look at the explorer and whatever follows from it; never throws for an explorer not up yet. */
  tick(): Promise<void>;
  readonly done: boolean;
}

export async function createScenario(
  devnet: Devnet,
  api: PublicApi,
  say: (line: string) => void,
): Promise<Scenario> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  const address = (uri: string) => keyring.addFromUri(uri).address;
  const owner = address(OWNER_URI);
  const names = new Map<string, string>();
  for (const v of VALIDATORS) names.set(address(v.uri), v.uri.slice(2));
  for (const m of Object.values(MINERS)) names.set(address(m.uri), m.uri.slice(2));
  const nameOf = (hotkey: string) => names.get(hotkey) ?? `${hotkey.slice(0, 8)}…`;

  // Validators first: the API accepts their signatures once chain ingest has stored a snapshot with permits.
  for (const v of VALIDATORS) {
    const hotkey = address(v.uri);
    const uid = devnet.registerNeuron({ hotkey, coldkey: owner });
    devnet.setValidatorPermit({ uid, permit: true });
    devnet.setStake({ hotkey, alpha: v.alphaRao });
    say(
      `${v.uri.slice(2)} registered as uid ${uid} with a validator permit and ${v.alphaRao / 1_000_000_000n} alpha of stake`,
    );
  }

  const commit = (miner: DemoMiner, text: string) => {
    const hotkey = address(miner.uri);
    const uid = devnet.registerNeuron({ hotkey, coldkey: owner });
    devnet.commit({ hotkey, fields: [stringToU8a(text)] });
    say(`${miner.uri.slice(2)} registers as uid ${uid} and commits: ${miner.story}`);
  };
  const image = (m: DemoMiner) => m.image as string;
  const kingIs = (r: Reading, m: DemoMiner) => r.king.king?.hotkey === address(m.uri);

  const steps: Step[] = [
    {
      name: "first miners",
      ready: (r) => r.validatorsReady,
      act: () => {
        commit(MINERS.steady, commitmentFor(image(MINERS.steady)));
        commit(MINERS.unparseable, UNPARSEABLE_COMMITMENT);
      },
    },
    {
      name: "challengers of the first king",
      ready: (r) => kingIs(r, MINERS.steady),
      act: () => {
        commit(MINERS.improvement, commitmentFor(image(MINERS.improvement)));
        // One block later, so it is judged just after the improvement, against it, with the same prompt seed
        // (the same baseline measurement) and while the margin is still nearly 1 %.
        devnet.newBlocks(1);
        commit(MINERS.nearMiss, commitmentFor(image(MINERS.nearMiss)));
        // Later still: validators take jobs oldest commit first, so these two do not delay the near-miss.
        devnet.newBlocks(1);
        commit(MINERS.wrongModel, commitmentFor(image(MINERS.wrongModel)));
        commit(MINERS.timedCheat, commitmentFor(image(MINERS.timedCheat)));
        commit(MINERS.unhealthy, commitmentFor(image(MINERS.unhealthy)));
      },
    },
    {
      name: "a copycat of the second king",
      ready: (r) => kingIs(r, MINERS.improvement),
      act: (r) => {
        const king = r.king.king;
        if (king !== null) commit(MINERS.copycat, commitmentFor(king.image, king.digest));
      },
    },
    {
      name: "the patient improvement",
      ready: (r) =>
        kingIs(r, MINERS.improvement) &&
        r.submissions.some((s) => s.hotkey === address(MINERS.nearMiss.uri) && s.finalBlock !== null) &&
        (r.king.margin?.epsilon ?? 1) < PATIENT_COMMITS_BELOW_EPSILON,
      act: () => commit(MINERS.patient, commitmentFor(image(MINERS.patient))),
    },
  ];

  let previous: Reading | null = null;
  let next = 0;
  let weightsFor: number | null | undefined;
  let lastMarginAt = 0;
  return {
    get done() {
      return next >= steps.length;
    },
    async tick() {
      let reading: Reading & { validatorsReady: boolean };
      try {
        const [king, submissions, validators] = await Promise.all([
          api.king(),
          api.submissions(),
          api.validators(),
        ]);
        const permitted = new Set(validators.validators.filter((v) => v.permit).map((v) => v.hotkey));
        reading = {
          king,
          submissions,
          validatorsReady: VALIDATORS.every((v) => permitted.has(address(v.uri))),
        };
      } catch {
        return; // The explorer is starting, or busy: look again next tick.
      }
      for (const line of describeChanges(previous, reading, nameOf)) say(line);
      previous = reading;

      // Validators put weight 1 on the king's UID and none elsewhere; with no king, no weights.
      const kingUid = reading.king.king?.uid ?? null;
      if (kingUid !== weightsFor) {
        devnet.setWeights({ weights: kingUid === null ? {} : { [kingUid]: 1 } });
        weightsFor = kingUid;
      }
      if (Date.now() - lastMarginAt > 15_000) {
        const margin = describeMargin(reading.king);
        if (margin !== null) say(margin);
        lastMarginAt = Date.now();
      }
      const step = steps[next];
      if (step !== undefined && step.ready(reading)) {
        next++;
        step.act(reading);
      }
    },
  };
}
