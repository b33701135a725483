// Latency and error tallies for one class of request (reads or writes).

export interface Summary {
  readonly requests: number;
  readonly errors: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Up to five distinct error descriptions, with how often each happened. */
  readonly errorSamples: Record<string, number>;
}

export class Tally {
  private readonly latencies: number[] = [];
  private errors = 0;
  private readonly samples = new Map<string, number>();

  ok(ms: number): void {
    this.latencies.push(ms);
  }

  error(ms: number, description: string): void {
    this.latencies.push(ms);
    this.errors++;
    // Numbers (timestamps, ms) vary per request; without them, alike errors count as one kind.
    const what = description.replace(/\d+/g, "#");
    if (this.samples.has(what) || this.samples.size < 5)
      this.samples.set(what, (this.samples.get(what) ?? 0) + 1);
  }

  summary(seconds: number): Summary {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return {
      requests: sorted.length,
      errors: this.errors,
      perSecond: Math.round((sorted.length / seconds) * 10) / 10,
      p50Ms: Math.round(at(0.5)),
      p99Ms: Math.round(at(0.99)),
      maxMs: Math.round(sorted[sorted.length - 1] ?? 0),
      errorSamples: Object.fromEntries(this.samples),
    };
  }
}

/** A client-side failure with its cause ("fetch failed" alone does not say whether the server reset it). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause ? ` (${String(cause.code ?? "")} ${String(cause.message ?? "")})` : "";
  return `${error.message}${detail}`;
}
