"use client";

import { ErrorDetails } from "@/components/errors/error-details";
import "./globals.css";

// The root layout itself failed: nothing of the site's frame can be trusted, so this page is whole on its own.
// Every page's first-load JavaScript carries a global error page, and this one is several KB smaller than
// Next's default (e2e/leaderboard.spec.ts holds the budget).
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased dark:bg-[#0b0f17] dark:text-slate-100">
        <main className="mx-auto w-full max-w-2xl space-y-4 px-4 py-12 sm:px-6" role="alert">
          <a href="/" className="flex items-center gap-2 font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-3 w-3 rounded-sm bg-amber-400" />
            Cacheon Explorer
          </a>
          <h1 className="text-2xl font-semibold tracking-tight">The explorer could not start this page</h1>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            Something failed on our side before the page could be laid out. It has been logged. Try again in a
            moment;{" "}
            <a href="/api/ready" className="underline underline-offset-2">
              /api/ready
            </a>{" "}
            says whether the database is answering.
          </p>
          <ErrorDetails digest={error.digest} reset={reset} />
        </main>
      </body>
    </html>
  );
}
