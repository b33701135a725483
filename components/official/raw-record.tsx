/** A record shown as published, for a shape the explorer does not understand (never dropped). */
export function RawRecord({ raw }: { raw: unknown }) {
  return (
    <details>
      <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-300">
        raw JSON as published
      </summary>
      <pre className="mt-1 max-w-full overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-900">
        {JSON.stringify(raw, null, 2)}
      </pre>
    </details>
  );
}
