/** A determinate progress bar: role=progressbar with its value, bounds and the words a screen reader says. */
export function ProgressBar({
  label,
  value,
  max,
  valueText,
  className = "",
}: {
  label: string;
  value: number;
  max: number;
  valueText: string;
  className?: string;
}) {
  const percent = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={valueText}
      className={`h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700 ${className}`}
    >
      <div className="h-full rounded-full bg-sky-600 dark:bg-sky-400" style={{ width: `${percent}%` }} />
    </div>
  );
}
