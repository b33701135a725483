import type { Anomaly } from "@/lib/official/anomalies";
import { Notice } from "@/components/ui/notice";

const TITLES: Record<Anomaly["kind"], string> = {
  king_not_top_incentive: "Official king and chain incentive disagree",
  disqualified_holds_weight: "Disqualified, yet holds weight",
  commitment_never_on_chain: "Evaluated a commitment the chain never had",
  commitment_digest_differs: "Evaluated a different digest",
  threshold_off_rule: "Threshold off the published rule",
};

/** Anomalies in the official track: shown where they concern a page, never hidden. */
export function AnomalyList({ anomalies, empty }: { anomalies: readonly Anomaly[]; empty?: string }) {
  if (anomalies.length === 0) {
    return empty ? <p className="text-sm text-slate-600 dark:text-slate-300">{empty}</p> : null;
  }
  return (
    <ul className="space-y-2" aria-label="Anomalies in the official track">
      {anomalies.map((a, i) => (
        <li key={`${a.kind}-${a.hotkey ?? ""}-${a.block ?? ""}-${i}`}>
          <Notice tone="warn" title={`Anomaly: ${TITLES[a.kind]}`}>
            {/* Digests and hotkeys are long unbroken words: let them wrap rather than widen a phone's page. */}
            <span className="[overflow-wrap:anywhere]">{a.message}</span>
          </Notice>
        </li>
      ))}
    </ul>
  );
}
