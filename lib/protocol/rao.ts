// On-chain amounts are bigint RAO (10^-9 of a TAO or alpha) and go over the wire as decimal strings, because
// JSON numbers lose precision above 2^53 RAO (about 9 million TAO).

export const RAO_PER_UNIT = 1_000_000_000n;

/** The wire form of an amount: a plain decimal string. */
export function raoToString(rao: bigint): string {
  return rao.toString(10);
}

/** Reads the wire form back; null for anything but an optionally signed decimal integer. */
export function parseRao(text: string): bigint | null {
  return /^-?(0|[1-9][0-9]*)$/.test(text) ? BigInt(text) : null;
}
