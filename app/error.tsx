"use client";

import { PageHeader } from "@/components/ui/page-header";

// A page failed inside the layout (the header, the status row and the search still work). In production the
// error's message is withheld from the browser; its digest is what the server logged.
export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section className="max-w-2xl space-y-4" role="alert">
      <PageHeader title="This page could not be shown">
        Something failed on our side while the page was being prepared. It has been logged; the status row
        above says whether the chain and the database are answering.
      </PageHeader>
      {error.digest ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Reference: <code className="font-mono">{error.digest}</code>
        </p>
      ) : null}
      <button
        type="button"
        onClick={reset}
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-amber-500 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        Try again
      </button>
    </section>
  );
}
