import type { ReactNode } from "react";

const TONES = {
  info: "border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300",
  warn: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200",
  bad: "border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950/40 dark:text-red-200",
} as const;

/** An empty, stale or error state: a sentence that says what is missing and why, never a bare spinner. */
export function Notice({
  tone = "info",
  title,
  children,
}: {
  tone?: keyof typeof TONES;
  title: string;
  children?: ReactNode;
}) {
  return (
    <div role="status" className={`rounded-md border p-3 text-sm ${TONES[tone]}`}>
      <strong className="font-semibold">{title}</strong>
      {children ? <div className="mt-1">{children}</div> : null}
    </div>
  );
}
