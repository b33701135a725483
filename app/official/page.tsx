import type { Metadata } from "next";
import { OfficialOverview } from "@/app/_server/official/official-overview";
import { PageHeader } from "@/components/ui/page-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Official validator" };

export default function OfficialPage() {
  return (
    <>
      <PageHeader title="The subnet's own validator">
        What the validator whose weights decide the emission publishes about itself: its status, rounds,
        evaluations and logs, as fetched from its monitoring API. Nothing here is signed, and none of it
        enters the explorer&apos;s consensus.
      </PageHeader>
      <OfficialOverview />
    </>
  );
}
