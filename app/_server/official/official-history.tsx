import { formatBlock, formatScore, formatUtc, truncateHotkey } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { AnomalyList } from "@/components/official/anomaly-list";
import { loadOfficialView } from "./load";
import { Provenance } from "@/components/official/provenance";
import { RawRecord } from "@/components/official/raw-record";

/** Kings page: the official history of crownings, every era (king, winner, leader), newest first. */
export async function OfficialHistory() {
  const view = await loadOfficialView();
  const lastFetch = view.history.reduce<Date | null>(
    (a, h) => (!a || h.lastFetchedAt > a ? h.lastFetchedAt : a),
    null,
  );
  return (
    <Card title="Official history">
      {view.history.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">No official crowning has been fetched.</p>
      ) : (
        <Table label="Official crownings">
          <thead>
            <tr>
              <Th sticky>Block</Th>
              <Th>Called</Th>
              <Th>New king</Th>
              <Th align="right">Score</Th>
              <Th align="right">Threshold</Th>
              <Th>Previous</Th>
              <Th>Time</Th>
            </tr>
          </thead>
          <tbody>
            {view.history.map((h) =>
              h.parsed ? (
                <tr key={`${h.recordKey}-${h.version}`}>
                  <Td sticky>{formatBlock(h.parsed.block)}</Td>
                  <Td>
                    {h.parsed.role}
                    {h.changed ? (
                      <>
                        {" "}
                        <Badge tone="warn">changed at source (v{h.version})</Badge>
                      </>
                    ) : null}
                  </Td>
                  <Td>
                    UID {h.parsed.uid}{" "}
                    <span className="font-mono text-xs">{truncateHotkey(h.parsed.hotkey)}</span>
                  </Td>
                  <Td align="right">{formatScore(h.parsed.score)}</Td>
                  <Td align="right">{formatScore(h.parsed.threshold)}</Td>
                  <Td>
                    {h.parsed.prevUid === null
                      ? "–"
                      : `UID ${h.parsed.prevUid} (${formatScore(h.parsed.prevScore)})`}
                  </Td>
                  <Td>{h.parsed.at ? formatUtc(h.parsed.at) : "–"}</Td>
                </tr>
              ) : (
                <tr key={`${h.recordKey}-${h.version}`}>
                  <Td sticky>–</Td>
                  <Td>
                    <Badge tone="warn">shape not understood</Badge>
                  </Td>
                  <td colSpan={5} className="px-3 py-2">
                    <RawRecord raw={h.raw} />
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </Table>
      )}
      <div className="mt-3 space-y-2">
        <AnomalyList anomalies={view.anomalies.filter((a) => a.kind === "threshold_off_rule")} />
        <Provenance fetchedAt={lastFetch} />
      </div>
    </Card>
  );
}
