import { Card } from "@/components/ui/card";
import { AnomalyList } from "@/components/official/anomaly-list";
import { ImporterState } from "@/components/official/importer-state";
import { loadOfficialView } from "./load";

/** /status: whether the official track is current, and every anomaly found in it. */
export async function OfficialStatusPanel() {
  const view = await loadOfficialView();
  return (
    <Card
      title="Official validator (official track)"
      aside={
        <a href="/official" className="text-xs underline">
          details
        </a>
      }
    >
      <div className="space-y-3">
        <ImporterState importer={view.importer} />
        <AnomalyList anomalies={view.anomalies} empty="No anomaly found in what the validator published." />
      </div>
    </Card>
  );
}
