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

/**
 * RAO as TAO/alpha units with `fractionDigits` decimals, truncated toward zero so a figure is never
 * overstated: formatRao(28_123_456_789n) === "28.1234".
 */
export function formatRao(rao: bigint, fractionDigits = 4): string {
  const digits = Math.max(0, Math.min(9, Math.trunc(fractionDigits)));
  const negative = rao < 0n;
  const abs = negative ? -rao : rao;
  const whole = (abs / RAO_PER_UNIT).toString(10).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = (abs % RAO_PER_UNIT).toString(10).padStart(9, "0").slice(0, digits);
  const sign = negative && (abs / RAO_PER_UNIT > 0n || /[1-9]/.test(fraction)) ? "-" : "";
  return digits === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}
