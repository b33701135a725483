/**
 * What a panel shows while its data is on the way (a view the server did not prefetch, or a refetch after an
 * error): a sentence that says what is coming, with a quiet pulse, never an empty box.
 */
export function Loading({ what }: { what: string }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true" className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-300">Loading {what}…</p>
      <div aria-hidden className="space-y-2">
        {[0, 1, 2].map((i) => (
          <div
            key={i}
            className="h-4 animate-pulse rounded bg-slate-200 motion-reduce:animate-none dark:bg-slate-800"
          />
        ))}
      </div>
    </div>
  );
}
