import type { Metadata } from "next";
import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";
import { ChainPanel } from "@/components/status/chain-panel";
import { DatabasePanel } from "@/components/status/database-panel";
import { HistoryPanel } from "@/components/status/history-panel";
import { ParamsPanel } from "@/components/status/params-panel";
import { OfficialStatusPanel } from "@/app/_server/official/official-status-panel";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Status" };

export default async function StatusPage() {
  const status = await read(apiRead("/api/v1/status"));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">
          Subnet {status.netuid} on {status.network}
        </h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
          Cacheon: a continuous race for the fastest open-source LLM server. This page shows what the explorer
          knows of the chain and its own database.
        </p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <ChainPanel status={status} />
        <DatabasePanel status={status} />
      </div>
      <HistoryPanel status={status} />
      <OfficialStatusPanel />
      <ParamsPanel block={status.chain.finalizedBlock} />
    </div>
  );
}
