import { getDatabase } from "@/db/instance";
import { getSubmissionForTracks } from "@/db/queries/official";
import { readOfficialEvaluationsOfHotkey } from "@/server/read/official";
import { formatBlock, formatImprovement, formatRate, formatScore, formatUtc } from "@/lib/format";
import { compareTracks } from "@/lib/official/tracks";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { AnomalyList } from "@/components/official/anomaly-list";
import { loadOfficialView } from "./load";
import { OfficialLive } from "@/components/official/official-live";
import { Provenance } from "@/components/official/provenance";
import { RawRecord } from "@/components/official/raw-record";

const containerLabel = (uid: number, hotkey: string, evaluationBlock: number) =>
  `uid${uid}_${hotkey.slice(0, 8)}_${evaluationBlock}`;

/** Submission page: the official evaluation(s) of this submission and where the two tracks agree. */
export async function OfficialEvaluations({ submissionId }: { submissionId: number }) {
  const db = (await getDatabase()).db;
  const submission = await getSubmissionForTracks(db, submissionId);
  if (!submission) return null;
  const records = (await readOfficialEvaluationsOfHotkey(db, submission.hotkey)).filter(
    (r) => r.parsed === null || r.parsed.commitBlock === submission.commitBlock,
  );
  const view = await loadOfficialView();
  const anomalies = view.anomalies.filter((a) => a.hotkey === submission.hotkey);
  const latest = records.find((r) => r.parsed)?.parsed ?? null;
  const comparison = compareTracks(submission, latest);
  return (
    <Card title="Official evaluations">
      <OfficialLive progress={view.progress?.value ?? null} hotkey={submission.hotkey} />
      {records.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          The subnet&apos;s validator has published no evaluation of this submission.
        </p>
      ) : (
        <div className="space-y-4">
          <p className="text-sm" aria-label="Tracks compared">
            <Badge
              tone={
                comparison.agreement === "agree"
                  ? "good"
                  : comparison.agreement === "differ"
                    ? "bad"
                    : "neutral"
              }
            >
              {comparison.label}
            </Badge>{" "}
            {comparison.detail}
          </p>
          {records.map((r) =>
            r.parsed ? (
              <section
                key={`${r.recordKey}-${r.version}`}
                className="space-y-2"
                aria-label={`Official evaluation at block ${r.parsed.evaluationBlock}`}
              >
                <h3 className="text-sm font-semibold">
                  Round at block {formatBlock(r.parsed.evaluationBlock)}{" "}
                  {r.parsed.disqualified ? (
                    <Badge tone="bad">disqualified</Badge>
                  ) : (
                    <Badge tone="good">scored</Badge>
                  )}{" "}
                  {r.changed ? <Badge tone="warn">changed at source: version {r.version}</Badge> : null}
                </h3>
                <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
                  <div>
                    <dt className="text-xs text-slate-500">Score</dt>
                    <dd className="font-mono">{formatScore(r.parsed.score)}</dd>
                  </div>
                  {r.parsed.speedImprovement !== null ? (
                    <div>
                      <dt className="text-xs text-slate-500">Speed improvement</dt>
                      <dd className="font-mono">{formatImprovement(r.parsed.speedImprovement)}</dd>
                    </div>
                  ) : (
                    <div>
                      <dt className="text-xs text-slate-500">TTFT / throughput</dt>
                      <dd className="font-mono">
                        {formatImprovement(r.parsed.ttftImprovement)} /{" "}
                        {formatImprovement(r.parsed.throughputImprovement)}
                      </dd>
                    </div>
                  )}
                  <div>
                    <dt className="text-xs text-slate-500">Token match</dt>
                    <dd className="font-mono">{formatRate(r.parsed.tokenMatchRate)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">Reason</dt>
                    <dd>{r.parsed.disqualifyReason ?? "–"}</dd>
                  </div>
                </dl>
                {r.parsed.perPrompt.length > 0 ? (
                  <Table label="Official per-prompt figures">
                    <thead>
                      <tr>
                        <Th sticky>Prompt</Th>
                        <Th align="right">TTFT (s)</Th>
                        <Th align="right">
                          {r.parsed.speedImprovement !== null ? "End to end (s)" : "Throughput (tok/s)"}
                        </Th>
                        {r.parsed.speedImprovement !== null ? <Th align="right">Baseline e2e (s)</Th> : null}
                        <Th align="right">Output tokens</Th>
                        <Th align="right">Token match</Th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.parsed.perPrompt.map((p, i) => (
                        <tr key={i}>
                          <Td sticky>{i + 1}</Td>
                          <Td align="right">{p.ttftS?.toFixed(3) ?? "–"}</Td>
                          <Td align="right">
                            {(r.parsed?.speedImprovement !== null ? p.e2eS : p.throughputTps)?.toFixed(2) ??
                              "–"}
                          </Td>
                          {r.parsed?.speedImprovement !== null ? (
                            <Td align="right">{p.baselineE2eS?.toFixed(2) ?? "–"}</Td>
                          ) : null}
                          <Td align="right">{p.outputTokens ?? "–"}</Td>
                          <Td align="right">{formatRate(p.tokenMatchRate)}</Td>
                        </tr>
                      ))}
                    </tbody>
                  </Table>
                ) : null}
                <a
                  className="text-sm underline"
                  href={`/official/logs/${containerLabel(r.parsed.uid, r.parsed.hotkey, r.parsed.evaluationBlock)}`}
                >
                  Container log
                </a>
                <Provenance fetchedAt={r.lastFetchedAt} />
                <p className="text-xs text-slate-500">
                  Evaluated {r.parsed.evaluatedAt ? formatUtc(r.parsed.evaluatedAt) : "at an unknown time"}.
                </p>
              </section>
            ) : (
              <section key={`${r.recordKey}-${r.version}`}>
                <Badge tone="warn">shape not understood</Badge>
                <RawRecord raw={r.raw} />
              </section>
            ),
          )}
        </div>
      )}
      <div className="mt-3">
        <AnomalyList anomalies={anomalies} />
      </div>
    </Card>
  );
}
