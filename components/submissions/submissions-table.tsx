import type { ReactNode } from "react";
import { Hotkey } from "@/components/ui/hotkey";
import { Table, Td, Th } from "@/components/ui/table";
import {
  formatBlock,
  formatDuration,
  formatImprovement,
  formatRate,
  formatScore,
  splitImageRegistry,
} from "@/lib/format";
import type { SubmissionSummary } from "@/lib/schemas/submissions";
import { DuplicateLink } from "./duplicate-link";
import { StatusBadge } from "./status-badge";

export type Column = "score" | "ttft" | "throughput" | "tokenMatchRate" | "commitBlock";

/** The board's rows; `header` renders a sortable column's heading (the leaderboard's links), else plain text. */
export function SubmissionsTable({
  label,
  items,
  currentBlock,
  header = (_c, text) => text,
  ariaSort,
}: {
  label: string;
  items: readonly SubmissionSummary[];
  currentBlock: number | null;
  header?: (column: Column, text: string) => ReactNode;
  ariaSort?: (column: Column) => "ascending" | "descending" | undefined;
}) {
  const sortable = (column: Column, text: string) => (
    <Th align="right" aria-sort={ariaSort?.(column)}>
      {header(column, text)}
    </Th>
  );
  return (
    <Table label={label}>
      <thead>
        <tr>
          <Th sticky>UID</Th>
          {sortable("score", "Score")}
          <Th>Status</Th>
          <Th>Hotkey</Th>
          {sortable("ttft", "TTFT")}
          {sortable("throughput", "Throughput")}
          {sortable("tokenMatchRate", "Token match")}
          <Th align="right">Validators</Th>
          {sortable("commitBlock", "Commit block")}
          <Th>Image</Th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr key={s.id} className="hover:bg-slate-50 dark:hover:bg-slate-900/50">
            <Td sticky>
              <a
                href={`/submissions/${s.id}`}
                className="font-mono underline underline-offset-2"
                aria-label={`Submission ${s.id}, UID ${s.uid}`}
              >
                {s.uid}
              </a>
            </Td>
            <Td align="right">{formatScore(s.score)}</Td>
            <Td>
              <StatusBadge s={s} />
              <DuplicateLink duplicateOfId={s.duplicateOfId} />
            </Td>
            <Td>
              <Hotkey hotkey={s.hotkey} />
            </Td>
            <Td align="right">{formatImprovement(s.ttftImprovement)}</Td>
            <Td align="right">{formatImprovement(s.throughputImprovement)}</Td>
            <Td align="right">{formatRate(s.tokenMatchRate)}</Td>
            <Td align="right">
              {s.validatorsTotal === 0 ? "—" : `${s.validatorsAgreeing}/${s.validatorsTotal}`}
            </Td>
            <Td align="right">
              {formatBlock(s.commitBlock)}
              {currentBlock !== null && currentBlock >= s.commitBlock ? (
                <span className="block text-xs text-slate-500 dark:text-slate-400">
                  {formatDuration((currentBlock - s.commitBlock) * 12)} ago
                </span>
              ) : null}
            </Td>
            <Td>
              <ImageCell image={s.image} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The repository first (what tells submissions apart), its registry below; the whole reference in the title. */
function ImageCell({ image }: { image: string }) {
  const { registry, rest } = splitImageRegistry(image);
  // Narrow below 2xl so the table fits a laptop screen without scrolling.
  return (
    <span className="block max-w-[9rem] font-mono text-xs 2xl:max-w-[16rem]" title={image}>
      <span className="block truncate">{rest}</span>
      {registry !== null ? (
        <span className="block truncate text-slate-500 dark:text-slate-400">{registry}</span>
      ) : null}
    </span>
  );
}
