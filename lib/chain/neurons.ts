// Assembles per-UID neuron rows from the per-subnet vectors and per-UID maps of SubtensorModule, as read at
// one block. The vectors are indexed by UID and must all cover every registered UID.
import { ChainLayoutError } from "./codec";

export interface NeuronInfo {
  uid: number;
  hotkey: string;
  coldkey: string | null;
  validatorPermit: boolean;
  incentive: number;
  dividends: number;
  // Alpha RAO this UID received in the subnet's last epoch.
  emission: bigint;
  // The hotkey's stake weight on the subnet (RAO): alpha + TaoWeight × root TAO, see stake-weight.ts.
  stakeWeight: bigint;
  registeredAt: number;
}

export interface SubnetVectors {
  hotkeys: readonly string[];
  coldkeys?: readonly (string | null)[];
  validatorPermit: readonly boolean[];
  incentive: readonly number[];
  dividends: readonly number[];
  emission: readonly bigint[];
  stakeWeight: readonly bigint[];
  registeredAt: readonly number[];
}

function at<T>(values: readonly T[], uid: number, name: string): T {
  const value = values[uid];
  if (value === undefined) {
    throw new ChainLayoutError(
      `SubtensorModule.${name}[${uid}]`,
      `${name} for every UID`,
      `${values.length} entries`,
    );
  }
  return value;
}

// A vector never written reads as empty (the storage default): every UID gets zero. A vector that exists but
// misses UIDs means we read inconsistent blocks or the layout changed, which `at` reports.
function orZero<T>(values: readonly T[], uid: number, zero: T, name: string): T {
  return values.length === 0 ? zero : at(values, uid, name);
}

export function assembleNeurons(v: SubnetVectors): NeuronInfo[] {
  return v.hotkeys.map((hotkey, uid) => ({
    uid,
    hotkey,
    coldkey: v.coldkeys?.[uid] ?? null,
    validatorPermit: orZero(v.validatorPermit, uid, false, "ValidatorPermit"),
    incentive: orZero(v.incentive, uid, 0, "Incentive"),
    dividends: orZero(v.dividends, uid, 0, "Dividends"),
    emission: orZero(v.emission, uid, 0n, "Emission"),
    stakeWeight: at(v.stakeWeight, uid, "StakeWeight"),
    registeredAt: at(v.registeredAt, uid, "BlockAtRegistration"),
  }));
}
