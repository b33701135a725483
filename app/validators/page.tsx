import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { prefetch } from "@/app/_server/api";
import { apiRead } from "@/lib/client/reads";
import { PageHeader } from "@/components/ui/page-header";
import { ValidatorsView } from "@/components/validators/validators-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Validators" };

export default async function ValidatorsPage() {
  const state = await prefetch(apiRead("/api/v1/validators"));
  return (
    <>
      <PageHeader title="Validators">
        Hotkeys with a validator permit evaluate submissions and post signed runs; a submission&apos;s
        consensus is the stake-weighted median of their latest runs.
      </PageHeader>
      <HydrationBoundary state={state}>
        <ValidatorsView now={new Date().toISOString()} />
      </HydrationBoundary>
    </>
  );
}
