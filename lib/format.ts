/** Display formatters shared by every page; pure and tested, so a number looks the same everywhere. */
import { parseRao, RAO_PER_UNIT } from "@/lib/protocol/rao";

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatBlock(block: number | null | undefined): string {
  return block === null || block === undefined ? "—" : `#${integer.format(block)}`;
}

export function formatCount(n: number): string {
  return integer.format(n);
}

/** A score is a fraction: 0.239 shows as "23.9 %". */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return "—";
  return `${(score * 100).toFixed(1)} %`;
}

export function formatTtftMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** Hotkeys are 48 characters; pages show the first 6 and last 4 (with the whole key in a title/copy button). */
export function truncateHotkey(hotkey: string): string {
  return hotkey.length <= 12 ? hotkey : `${hotkey.slice(0, 6)}…${hotkey.slice(-4)}`;
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago"; "in 4 s" for the future. */
export function timeAgo(then: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - then.getTime()) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  const text =
    s < 60
      ? `${s} s`
      : s < 3600
        ? `${Math.floor(s / 60)} min`
        : s < 86_400
          ? `${Math.floor(s / 3600)} h`
          : `${Math.floor(s / 86_400)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

/** A UTC time as people read it in an explorer: "2026-11-25 11:32:48 UTC". */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** An improvement over the baseline, signed: 0.3 shows as "+30.0 %"; 0 as "0.0 %". */
export function formatImprovement(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "—";
  const text = `${(fraction * 100).toFixed(1)} %`;
  return fraction > 0 ? `+${text}` : text;
}

/** A rate in [0, 1] with two decimals: 0.98594 shows as "98.59 %". */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${(rate * 100).toFixed(2)} %`;
}

/** The margin ε, finer than a score: 0.0080159 shows as "0.802 %". */
export function formatEpsilon(epsilon: number): string {
  return `${(epsilon * 100).toFixed(3)} %`;
}

export function formatTps(tps: number | null | undefined): string {
  if (tps === null || tps === undefined || !Number.isFinite(tps)) return "—";
  return `${tps.toFixed(1)} tok/s`;
}

export function formatLogprob(logprob: number | null | undefined): string {
  if (logprob === null || logprob === undefined || !Number.isFinite(logprob)) return "—";
  return logprob.toFixed(3);
}

/** A token with its whitespace made visible (a leading space is the usual difference): " the" → "␣the". */
export function formatToken(token: string): string {
  if (token === "") return "(end of output)";
  return token.replace(/ /g, "␣").replace(/\n/g, "⏎").replace(/\t/g, "⇥");
}

/** "5 d 3 h", "3 h 20 min", "12 min": a duration in seconds, two units at most. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d} d ${h} h` : `${d} d`;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m > 0) return `${m} min`;
  return `${s} s`;
}

/**
 * Decimal RAO (wire form) as units with `digits` decimals, truncated toward zero so a figure is never
 * overstated: "28042105263" → "28.04". A negative amount that shows as zero shows no sign ("-1" → "0.00").
 */
export function formatRaoUnits(rao: string | null | undefined, digits = 2): string {
  const value = rao === null || rao === undefined ? null : parseRao(rao);
  if (value === null) return "—";
  const places = Math.max(0, Math.min(9, Math.trunc(digits)));
  const abs = value < 0n ? -value : value;
  const whole = (abs / RAO_PER_UNIT).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = (abs % RAO_PER_UNIT).toString().padStart(9, "0").slice(0, places);
  const sign = value < 0n && (abs / RAO_PER_UNIT > 0n || /[1-9]/.test(fraction)) ? "-" : "";
  return places === 0 ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}

/** A live countdown: "5 d 04:03:09", or "04:03:09" under a day; "0 s" once reached. */
export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s === 0) return "0 s";
  const d = Math.floor(s / 86_400);
  const pad = (n: number) => String(n).padStart(2, "0");
  const clock = `${pad(Math.floor((s % 86_400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return d > 0 ? `${d} d ${clock}` : clock;
}

// With the other display helpers: the image cell shows a reference as its repository over its registry.
export { splitImageRegistry } from "@/lib/protocol/docker-registry";
