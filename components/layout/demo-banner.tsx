// Shown on every page when the explorer follows the offline demo's devnet (`npm run demo`): nobody should
// mistake its kings, emissions and dates for subnet 14's on finney.
export function DemoBanner({ speed }: { speed: number }) {
  const factor = Number.isInteger(speed) ? speed.toLocaleString("en-US") : speed.toFixed(1);
  const blockMs = 12_000 / speed;
  const every = Number.isInteger(blockMs) ? String(blockMs) : blockMs.toFixed(1);
  return (
    <div
      role="note"
      data-testid="demo-banner"
      className="bg-amber-300 px-4 py-1.5 text-center text-sm font-medium text-slate-900"
    >
      Local demo network — not finney. Time runs {factor}× faster: a block every {every} ms instead of 12 s.
    </div>
  );
}
