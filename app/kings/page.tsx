import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { prefetch } from "@/app/_server/api";
import { KingsView } from "@/components/kings/kings-view";
import { OfficialHistory } from "@/components/official/official-history";
import { PageHeader } from "@/components/ui/page-header";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Kings" };

export default async function KingsPage() {
  const state = await prefetch("/api/v1/kings");
  return (
    <>
      <PageHeader title="Kings">Every reign, newest first, and the winning score over time.</PageHeader>
      <HydrationBoundary state={state}>
        <KingsView />
      </HydrationBoundary>
      <div className="mt-8">
        <OfficialHistory />
      </div>
    </>
  );
}
