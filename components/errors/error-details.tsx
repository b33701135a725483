"use client";

/** The reference the server logged a failure under, and a way to try again: the end of every error page. */
export function ErrorDetails({ digest, reset }: { digest: string | undefined; reset: () => void }) {
  return (
    <>
      {digest ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Reference: <code className="font-mono">{digest}</code>
        </p>
      ) : null}
      <button
        type="button"
        onClick={reset}
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-amber-500 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Try again
      </button>
    </>
  );
}
