"use client";

import { ErrorDetails } from "@/components/errors/error-details";

// A page failed inside the layout (the header, the status row and the search still work). In production the
// error's message is withheld from the browser; its digest is what the server logged. Kept to plain markup:
// this boundary ships with every page's first-load JavaScript.
export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section className="max-w-2xl space-y-4" role="alert">
      <h1 className="text-2xl font-semibold tracking-tight">This page could not be shown</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        Something failed on our side while the page was being prepared. It has been logged; the status row
        above says whether the chain and the database are answering.
      </p>
      <ErrorDetails digest={error.digest} reset={reset} />
    </section>
  );
}
