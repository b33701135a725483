import { getDatabase } from "@/db/instance";
import { listSubmissionsForTracks } from "@/db/queries/official";
import { loadEnv } from "@/env";
import { formatScore, truncateHotkey } from "@/lib/format";
import { AGREEMENTS, compareTracks, type Agreement } from "@/lib/official/tracks";
import type { OfficialEvaluation } from "@/lib/official/records";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { loadOfficialView } from "./load";
import { IndependentProvenance, Provenance } from "@/components/official/provenance";

const LABELS: Record<Agreement, string> = {
  agree: "agree",
  differ: "differ",
  official_only: "official only",
  ours_only: "ours only",
  neither: "neither",
};

/** `?official=` on the leaderboard: which agreement to show (the filter lives in the URL). */
export function parseAgreementFilter(value: string | string[] | undefined): Agreement | null {
  return typeof value === "string" && (AGREEMENTS as readonly string[]).includes(value)
    ? (value as Agreement)
    : null;
}

/** Leaderboard: the official verdict and score per submission next to ours, filterable by agreement. */
export async function OfficialComparison({ filter }: { filter: Agreement | null }) {
  const db = (await getDatabase()).db;
  const [view, ours] = await Promise.all([
    loadOfficialView(),
    listSubmissionsForTracks(db, loadEnv().NETUID),
  ]);
  const latest = new Map<string, OfficialEvaluation>();
  let fetchedAt: Date | null = null;
  for (const r of view.evaluations) {
    if (!fetchedAt || r.lastFetchedAt > fetchedAt) fetchedAt = r.lastFetchedAt;
    const e = r.parsed;
    if (!e) continue;
    const key = `${e.hotkey}:${e.commitBlock}`;
    const seen = latest.get(key);
    if (!seen || e.evaluationBlock > seen.evaluationBlock) latest.set(key, e);
  }
  const rows = ours
    .map((s) => {
      const official = latest.get(`${s.hotkey}:${s.commitBlock}`) ?? null;
      return { s, official, cmp: compareTracks(s, official) };
    })
    .filter((r) => r.cmp.agreement !== "neither");
  const counts = new Map<Agreement, number>();
  for (const r of rows) counts.set(r.cmp.agreement, (counts.get(r.cmp.agreement) ?? 0) + 1);
  const shown = filter ? rows.filter((r) => r.cmp.agreement === filter) : rows;
  return (
    <Card title="Both tracks, submission by submission">
      <nav aria-label="Filter by agreement" className="mb-3 flex flex-wrap gap-2 text-sm">
        <a
          href="/leaderboard"
          aria-current={filter === null ? "page" : undefined}
          className={filter === null ? "font-semibold underline" : "underline"}
        >
          all ({rows.length})
        </a>
        {AGREEMENTS.filter((a) => a !== "neither").map((a) => (
          <a
            key={a}
            href={`/leaderboard?official=${a}`}
            aria-current={filter === a ? "page" : undefined}
            className={filter === a ? "font-semibold underline" : "underline"}
          >
            {LABELS[a]} ({counts.get(a) ?? 0})
          </a>
        ))}
      </nav>
      {shown.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">No submission in this view.</p>
      ) : (
        <Table label="Official and independent verdicts">
          <thead>
            <tr>
              <Th sticky>Submission</Th>
              <Th>Ours</Th>
              <Th align="right">Our score</Th>
              <Th>Official</Th>
              <Th align="right">Official score</Th>
              <Th>Agreement</Th>
            </tr>
          </thead>
          <tbody>
            {shown.map(({ s, official, cmp }) => (
              <tr key={s.id}>
                <Td sticky>
                  <a className="underline" href={`/submissions/${s.id}`}>
                    UID {s.uid}
                  </a>{" "}
                  <span className="font-mono text-xs">{truncateHotkey(s.hotkey)}</span>
                </Td>
                <Td>
                  {s.status === "failed"
                    ? `failed${s.failureReason ? `: ${s.failureReason}` : ""}`
                    : s.status}
                </Td>
                <Td align="right">{s.status === "scored" ? formatScore(s.consensusScore) : "–"}</Td>
                <Td>
                  {official
                    ? official.disqualified
                      ? `disqualified: ${official.disqualifyReason ?? "–"}`
                      : "scored"
                    : "–"}
                </Td>
                <Td align="right">
                  {official && !official.disqualified ? formatScore(official.score) : "–"}
                </Td>
                <Td>
                  <Badge
                    tone={cmp.agreement === "agree" ? "good" : cmp.agreement === "differ" ? "bad" : "neutral"}
                  >
                    {LABELS[cmp.agreement]}
                  </Badge>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="mt-3 space-y-1">
        <Provenance fetchedAt={fetchedAt} />
        <IndependentProvenance />
      </div>
    </Card>
  );
}
