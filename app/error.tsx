"use client";

import { ErrorDetails } from "@/components/errors/error-details";
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
      <ErrorDetails digest={error.digest} reset={reset} />
    </section>
  );
}
