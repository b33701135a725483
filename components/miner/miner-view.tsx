"use client";

import { Loading } from "@/components/ui/loading";
import { Badge } from "@/components/ui/badge";
import { CopyButton } from "@/components/ui/copy-button";
import { Coldkey, TaostatsLink } from "@/components/ui/external-links";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th } from "@/components/ui/table";
import { SubmissionsTable } from "@/components/submissions/submissions-table";
import { formatBlock } from "@/lib/format";
import { apiRead } from "@/lib/client/reads";
import { useApi } from "@/lib/client/use-api";

export function MinerView({ hotkey }: { hotkey: string }) {
  const { data } = useApi(apiRead("/api/v1/miners/[hotkey]", { hotkey }));
  const { data: status } = useApi(apiRead("/api/v1/status"));
  if (!data) return <Loading what="this miner" />;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Miner</h1>
        <p className="mt-1 flex items-center gap-1 break-all font-mono text-sm">
          {data.hotkey} <CopyButton value={data.hotkey} label="hotkey" />{" "}
          <TaostatsLink address={data.hotkey} kind="hotkey" />
        </p>
        {data.coldkey ? (
          <p className="mt-1 flex flex-wrap items-center gap-1 text-sm text-slate-600 dark:text-slate-300">
            Owned by coldkey <Coldkey coldkey={data.coldkey} />
          </p>
        ) : null}
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
          {data.uidHistory.length === 0
            ? "Not seen in any metagraph snapshot."
            : data.uidHistory
                .map(
                  (u) =>
                    `UID ${u.uid} (registered at ${formatBlock(u.registrationBlock)}, seen ${formatBlock(u.firstSeenBlock)}–${formatBlock(u.lastSeenBlock)})`,
                )
                .join("; ")}
        </p>
      </div>
      <section aria-labelledby="subs-heading" className="space-y-2">
        <h2 id="subs-heading" className="text-lg font-semibold">
          Submissions
        </h2>
        {data.submissions.length === 0 ? (
          <Notice title="No submission from this hotkey." />
        ) : (
          <SubmissionsTable
            label="Submissions"
            items={data.submissions}
            currentBlock={status?.ingest.lastIngestedBlock ?? null}
          />
        )}
      </section>
      <section aria-labelledby="commitments-heading" className="space-y-2">
        <h2 id="commitments-heading" className="text-lg font-semibold">
          Every commitment
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Only the first parseable commitment of a hotkey is its submission; later ones are recorded and
          ignored, and unparseable ones are shown with the reason.
        </p>
        <Table label="Commitments">
          <thead>
            <tr>
              <Th sticky>Block</Th>
              <Th>Disposition</Th>
              <Th>Committed text</Th>
              <Th>Cause</Th>
            </tr>
          </thead>
          <tbody>
            {data.commitments.map((c) => (
              <tr key={c.id}>
                <Td sticky>{formatBlock(c.commitBlock)}</Td>
                <Td>
                  {c.submissionId !== null && c.disposition === "submission" ? (
                    <a href={`/submissions/${c.submissionId}`} className="underline underline-offset-2">
                      submission #{c.submissionId}
                    </a>
                  ) : (
                    <Badge tone={c.disposition === "unparseable" ? "warn" : "neutral"}>{c.disposition}</Badge>
                  )}
                </Td>
                <Td>
                  <code
                    className="block max-w-[22rem] truncate font-mono text-xs"
                    title={c.rawText ?? c.rawHex}
                  >
                    {c.rawText ?? c.rawHex}
                  </code>
                </Td>
                <Td>
                  {c.reason ? (
                    <>
                      <span className="font-medium">{c.reason.title}</span>
                      <span className="block text-xs text-slate-500 dark:text-slate-400">
                        {c.message ?? c.reason.explanation}
                      </span>
                      <span className="block text-xs text-slate-500 dark:text-slate-400">
                        Check: {c.reason.whatToCheck}
                      </span>
                    </>
                  ) : (
                    "—"
                  )}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      </section>
    </div>
  );
}
