import { listOfficialLogs } from "@/db/queries/official";
import { getDatabase } from "@/db/instance";
import { formatBlock, formatCount, formatScore, formatUtc, truncateHotkey } from "@/lib/format";
import { Badge } from "@/components/ui/badge";
import { Card, Stat } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { AnomalyList } from "@/components/official/anomaly-list";
import { ImporterState } from "@/components/official/importer-state";
import { loadOfficialView } from "./load";
import { Provenance } from "@/components/official/provenance";
import { RawRecord } from "@/components/official/raw-record";

/** The /official page: the subnet's validator as it publishes itself, with what we make of it. */
export async function OfficialOverview() {
  const view = await loadOfficialView();
  const logs = await listOfficialLogs((await getDatabase()).db);
  const status = view.status?.value ?? null;
  const unknown = view.evaluations.filter((e) => e.parsed === null);
  const changed = view.evaluations.filter((e) => e.changed);
  return (
    <div className="space-y-6">
      <Card title="Importer">
        <ImporterState importer={view.importer} />
      </Card>
      <Card title="Validator status">
        {status ? (
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
            <Stat label="King UID" value={status.kingUid ?? "none"} hint={formatScore(status.kingScore)} />
            <Stat
              label="Evaluated"
              value={status.evaluated ?? "–"}
              hint={`${status.active ?? "–"} active, ${status.disqualified ?? "–"} disqualified`}
            />
            <Stat label="Last scan block" value={formatBlock(status.lastScanBlock)} />
            <Stat label="Last weights block" value={formatBlock(status.lastWeightsSetBlock)} />
          </dl>
        ) : view.status ? (
          <RawRecord raw={view.status.raw} />
        ) : (
          <p className="text-sm">No status fetched yet.</p>
        )}
        <div className="mt-2">
          <Provenance fetchedAt={view.status?.fetchedAt ?? null} />
        </div>
      </Card>
      {view.king && !view.king.understood ? (
        <Card title="King answer not understood">
          <p className="text-sm">
            {view.king.route} answered a shape the explorer does not know; kept as published:
          </p>
          <RawRecord raw={view.king.raw} />
        </Card>
      ) : null}
      <Card title="Anomalies">
        <AnomalyList anomalies={view.anomalies} empty="No anomaly found in what the validator published." />
      </Card>
      {changed.length > 0 || unknown.length > 0 ? (
        <Card title="Records to look at">
          <ul className="space-y-2 text-sm">
            {changed.map((e) => (
              <li key={`${e.recordKey}-${e.version}`}>
                <Badge tone="warn">changed at source</Badge> {e.recordKey}, version {e.version}, first fetched{" "}
                {formatUtc(e.firstFetchedAt)}
                <RawRecord raw={e.raw} />
              </li>
            ))}
            {unknown.map((e) => (
              <li key={`${e.recordKey}-${e.version}`}>
                <Badge tone="warn">shape not understood</Badge> fetched {formatUtc(e.firstFetchedAt)}
                <RawRecord raw={e.raw} />
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      <Card title="Rounds">
        {view.rounds?.value && view.rounds.value.length > 0 ? (
          <Table label="Official rounds">
            <thead>
              <tr>
                <Th sticky>Block</Th>
                <Th>Evaluated</Th>
                <Th align="right">Challengers</Th>
                <Th>Results</Th>
              </tr>
            </thead>
            <tbody>
              {view.rounds.value.slice(0, 50).map((r) => (
                <tr key={r.evaluation_block}>
                  <Td sticky>{formatBlock(r.evaluation_block)}</Td>
                  <Td>
                    {typeof r.evaluated_at === "number" ? formatUtc(new Date(r.evaluated_at * 1000)) : "–"}
                  </Td>
                  <Td align="right">{formatCount(r.n_challengers ?? r.challengers.length)}</Td>
                  <Td>
                    {r.challengers.map((c) => (
                      <span key={`${c.uid}-${c.hotkey}`} className="mr-2 whitespace-nowrap">
                        UID {c.uid} {c.disqualified ? <Badge tone="bad">dq</Badge> : formatScore(c.score)}
                      </span>
                    ))}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <p className="text-sm">No round fetched yet.</p>
        )}
        <div className="mt-2">
          <Provenance fetchedAt={view.rounds?.fetchedAt ?? null} />
        </div>
      </Card>
      <Card title="Evaluations">
        <p className="mb-2 text-sm">
          {view.evaluations.length} records ({unknown.length} not understood, {changed.length} changed at
          source).
        </p>
        <Table label="Official evaluations">
          <thead>
            <tr>
              <Th sticky>UID</Th>
              <Th>Hotkey</Th>
              <Th align="right">Round</Th>
              <Th align="right">Score</Th>
              <Th>Verdict</Th>
            </tr>
          </thead>
          <tbody>
            {view.evaluations.slice(0, 100).map((e) => (
              <tr key={`${e.recordKey}-${e.version}`}>
                <Td sticky>{e.parsed?.uid ?? "?"}</Td>
                <Td>
                  {e.parsed ? (
                    <span className="font-mono text-xs">{truncateHotkey(e.parsed.hotkey)}</span>
                  ) : (
                    <Badge tone="warn">shape not understood</Badge>
                  )}
                </Td>
                <Td align="right">{formatBlock(e.parsed?.evaluationBlock)}</Td>
                <Td align="right">{formatScore(e.parsed?.score)}</Td>
                <Td>
                  {e.parsed
                    ? e.parsed.disqualified
                      ? `disqualified: ${e.parsed.disqualifyReason ?? "–"}`
                      : "scored"
                    : "–"}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title="Logs">
        {logs.length === 0 ? (
          <p className="text-sm">No log index fetched yet.</p>
        ) : (
          <ul className="grid gap-1 text-sm sm:grid-cols-2">
            {logs.map((l) => (
              <li key={l.label} className="truncate">
                <a className="font-mono underline" href={`/official/logs/${l.label}`}>
                  {l.label}
                </a>{" "}
                <span className="text-xs text-slate-500">
                  {l.source}
                  {typeof l.sizeBytes === "number" ? `, ${formatCount(l.sizeBytes)} bytes` : ""}
                  {l.fetchedAt ? ", cached" : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
