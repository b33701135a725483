import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Not found", robots: { index: false } };

export default function NotFound() {
  return (
    <section className="max-w-2xl space-y-4">
      <PageHeader title="Nothing here">
        Not found: this page does not exist, or the explorer has not seen what it names (a submission number
        that was never committed, a hotkey never registered on the subnet).
      </PageHeader>
      <p className="text-sm">
        Look it up with the search box above (an address, a UID, a submission number, a block or an image), or
        go on from here:
      </p>
      <ul className="list-inside list-disc space-y-1 text-sm">
        <li>
          <a href="/" className="underline underline-offset-2">
            The king
          </a>{" "}
          and the margin a challenger must beat
        </li>
        <li>
          <a href="/leaderboard" className="underline underline-offset-2">
            The leaderboard
          </a>{" "}
          of every submission
        </li>
        <li>
          <a href="/api" className="underline underline-offset-2">
            The API
          </a>
        </li>
      </ul>
    </section>
  );
}
