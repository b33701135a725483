// A validator's stake weight as subtensor computes it (pallets/subtensor/src/staking/stake_utils.rs
// `get_stake_weights_for_hotkey_on_subnet`): alpha + TaoWeight × TAO, where alpha is the hotkey's (inherited)
// alpha on the subnet, TAO its (inherited) root stake (TotalHotkeyAlpha[hotkey, 0]) and TaoWeight the global
// `SubtensorModule.TaoWeight` u64 normalised by u64::MAX. The runtime divides in U96F32 (32 fractional bits)
// and multiplies in I64F64, and `fixed64_to_u64` floors the sum: the same steps here, in integers, give the
// chain's number to the RAO. The selective metagraph's `total_stake` (index TotalStake) is this value.

const U64_MAX = (1n << 64n) - 1n;
const FRACTION_BITS = 32n;

/** TaoWeight as U96F32 bits: floor(stored × 2^32 / u64::MAX). */
export function taoWeightBits(stored: bigint): bigint {
  if (stored < 0n || stored > U64_MAX) throw new RangeError(`TaoWeight must be a u64, got ${stored}`);
  return (stored << FRACTION_BITS) / U64_MAX;
}

/** alpha + TaoWeight × tao, in RAO, rounded down as the runtime rounds it. */
export function stakeWeightRao(alphaRao: bigint, rootTaoRao: bigint, taoWeightStored: bigint): bigint {
  return alphaRao + ((rootTaoRao * taoWeightBits(taoWeightStored)) >> FRACTION_BITS);
}
