"use client";

// A page failed inside the layout (the header, the status row and the search still work). In production the
// error's message is withheld from the browser; its digest is what the server logged. Plain markup, and the
// only custom error boundary (a root layout failure gets Next's own page): every boundary ships with every
// page's first-load JavaScript, which has a budget (e2e/leaderboard.spec.ts).
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
      <p className="text-sm">
        Something failed on our side while the page was being prepared. It has been logged
        {error.digest ? ` (reference ${error.digest})` : ""}; the status row above says whether the chain and
        the database are answering.
      </p>
      <button type="button" onClick={reset} className="rounded-md border px-3 py-1.5 text-sm">
        Try again
      </button>
    </section>
  );
}
