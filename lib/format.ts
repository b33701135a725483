/** Display formatters shared by every page; pure and tested, so a number looks the same everywhere. */

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
