/**
 * Milliseconds on CLOCK_MONOTONIC (process.hrtime), never the wall clock: NTP steps cannot bend a TTFT, and
 * the clock is shared by every process on the host, so a benchmark server in another process can stamp
 * its writes on the same scale.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
