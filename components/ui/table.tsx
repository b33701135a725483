import type { ReactNode } from "react";

// Tables scroll sideways on a phone with the first column kept in view (sticky), rather than squeezing.

export function Table({ label, children }: { label: string; children: ReactNode }) {
  return (
    // relative: absolutely positioned screen-reader text in a cell stays inside the scroll box instead of
    // widening the page.
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table aria-label={label} className="w-full min-w-max border-collapse text-left text-sm">
        {children}
      </table>
    </div>
  );
}

export function Th({
  children,
  sticky,
  align,
  "aria-sort": ariaSort,
}: {
  children: ReactNode;
  sticky?: boolean;
  align?: "right";
  "aria-sort"?: "ascending" | "descending";
}) {
  return (
    <th
      scope="col"
      aria-sort={ariaSort}
      className={`border-b border-slate-200 bg-slate-50 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-500 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400 ${sticky ? "sticky left-0 z-10" : ""} ${align === "right" ? "text-right" : ""}`}
    >
      {children}
    </th>
  );
}

export function Td({ children, sticky, align }: { children: ReactNode; sticky?: boolean; align?: "right" }) {
  return (
    <td
      className={`border-b border-slate-100 px-3 py-2 align-top dark:border-slate-800/70 ${sticky ? "sticky left-0 z-10 bg-white dark:bg-[#0b0f17]" : ""} ${align === "right" ? "text-right font-mono tabular-nums" : ""}`}
    >
      {children}
    </td>
  );
}
