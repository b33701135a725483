import { Card, Stat } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { formatBlock, formatCount } from "@/lib/format";
import type { Status } from "@/lib/schemas/status";

type History = Status["ingest"];

const blocks = (g: History["gaps"][number]) => g.toBlock - g.fromBlock + 1;

/** What of the chain this explorer has: where its history starts, any gaps, and why ingest stopped if it did. */
export function HistoryPanel({ status }: { status: Status }) {
  const { ingest } = status;
  return (
    <Card title="History">
      {ingest.problem ? (
        <Notice tone="bad" title="Chain ingest stopped.">
          {ingest.problem}
        </Notice>
      ) : null}
      <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3">
        <Stat label="First block stored" value={formatBlock(ingest.firstBlock)} />
        <Stat label="Gaps" value={formatCount(ingest.gaps.length)} />
        <Stat label="Archive endpoint" value={ingest.archiveEndpoint ? "Configured" : "None"} />
      </dl>
      <p className="mt-3 text-sm">
        {ingest.firstBlock === null
          ? "Nothing is stored yet."
          : ingest.archiveEndpoint
            ? `History starts at block ${formatBlock(ingest.firstBlock)}; older blocks are read from the archive endpoint when the database starts earlier.`
            : `History before block ${formatBlock(ingest.firstBlock)} needs CHAIN_ARCHIVE_ENDPOINT: the chain endpoint is treated as a pruned node, which keeps only recent state.`}
      </p>
      {ingest.gaps.length > 0 ? (
        <ul className="mt-3 space-y-2 text-sm" aria-label="Gaps">
          {ingest.gaps.map((g) => (
            <li key={g.fromBlock}>
              <strong>
                Blocks {formatBlock(g.fromBlock)}–{formatBlock(g.toBlock)}
              </strong>{" "}
              ({formatCount(blocks(g))} blocks) are missing: {g.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

/** For pages whose figures sum over blocks (emissions): says which blocks they cannot include. */
export function HistoryNotice({ status }: { status: Status }) {
  const { gaps, firstBlock } = status.ingest;
  if (gaps.length === 0) return null;
  const missing = gaps.reduce((n, g) => n + blocks(g), 0);
  return (
    <div className="mb-4">
      <Notice tone="warn" title="These figures are incomplete.">
        {formatCount(missing)} blocks since block {formatBlock(firstBlock)} could not be read (
        {gaps.map((g) => `${formatBlock(g.fromBlock)}–${formatBlock(g.toBlock)}`).join(", ")}): epochs in them
        are missing from the totals. See <a href="/status">status</a>.
      </Notice>
    </div>
  );
}
