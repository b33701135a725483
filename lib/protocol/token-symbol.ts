import { DEFAULT_PARAMS } from "./params";

// Each subnet's alpha token has its own symbol. The runtime gives a new subnet the symbol at its netuid in one
// table (subtensor's SYMBOLS: Τ for the root, then the Greek lowercase letters from α at netuid 1); the owner
// may change it later (SubtensorModule.TokenSymbol), which the explorer does not ingest. The Greek part of the
// table, where Cacheon's netuid falls:
const GREEK = "Ταβγδεζηθικλμνξοπρσtυφχψω";

/** The runtime's default token symbol of a subnet; `α`, the generic name, past the Greek part of the table. */
export function tokenSymbol(netuid: number): string {
  return Number.isInteger(netuid) && netuid >= 0 && netuid < GREEK.length ? (GREEK[netuid] as string) : "α";
}

/** Subnet 14's token: ξ. */
export const SUBNET_TOKEN = tokenSymbol(DEFAULT_PARAMS.netuid);
