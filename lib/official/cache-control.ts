/**
 * How long an answer may be kept, from its Cache-Control header: `max-age` in seconds, 0 for `no-cache` or
 * `no-store`, and `fallbackS` when the header is absent or says nothing usable.
 */
export function maxAgeSeconds(header: string | null, fallbackS: number): number {
  if (!header) return fallbackS;
  const directives = header
    .toLowerCase()
    .split(",")
    .map((d) => d.trim());
  if (directives.some((d) => d === "no-cache" || d === "no-store")) return 0;
  for (const d of directives) {
    const m = /^(?:s-)?max-age=(\d+)$/.exec(d);
    if (m?.[1] !== undefined) return Number(m[1]);
  }
  return fallbackS;
}

/** Retry-After in seconds (a number or an HTTP date), or null. */
export function retryAfterSeconds(header: string | null, now: Date): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
