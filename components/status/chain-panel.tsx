import { Badge, type Tone } from "@/components/ui/badge";
import { Card, Stat } from "@/components/ui/card";
import { formatBlock, formatCount, formatUtc, timeAgo } from "@/lib/format";
import type { Status } from "@/lib/schemas/status";
import { BackfillProgress } from "./backfill-progress";

const STATE: Record<Status["chain"]["state"], { tone: Tone; label: string }> = {
  connected: { tone: "good", label: "Connected" },
  connecting: { tone: "warn", label: "Connecting" },
  unreachable: { tone: "bad", label: "Unreachable" },
  not_started: { tone: "neutral", label: "Not started" },
};

export function ChainPanel({ status }: { status: Status }) {
  const { chain, ingest } = status;
  const now = new Date(status.serverTime);
  const state = STATE[chain.state];
  return (
    <Card title="Chain" aside={<Badge tone={state.tone}>{state.label}</Badge>}>
      <ChainMessage status={status} now={now} />
      <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
        <Stat label="Finalized block" value={formatBlock(chain.finalizedBlock)} />
        <Stat label="Last ingested block" value={formatBlock(ingest.lastIngestedBlock)} />
        <Stat
          label="Lag"
          value={ingest.lagBlocks === null ? "—" : `${formatCount(ingest.lagBlocks)} blocks`}
        />
        <Stat
          label="Runtime"
          value={chain.specVersion === null ? "—" : `spec ${chain.specVersion}`}
          hint={chain.chainName ?? undefined}
        />
      </dl>
      <BackfillProgress status={status} />
    </Card>
  );
}

function ChainMessage({ status, now }: { status: Status; now: Date }) {
  const { chain } = status;
  const endpoint = <code className="break-all font-mono text-xs">{chain.endpoint}</code>;
  if (chain.state === "unreachable") {
    return (
      <p
        role="status"
        className="rounded-md bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950/40 dark:text-red-200"
      >
        <strong>The chain is unreachable.</strong> {endpoint} did not answer
        {chain.lastError ? <>: {chain.lastError}</> : null}. Retrying
        {chain.nextRetryAt ? <> {timeAgo(new Date(chain.nextRetryAt), now)}</> : null} (attempt{" "}
        {chain.attempt}); the explorer keeps serving what it already has.
      </p>
    );
  }
  if (chain.state === "connecting") {
    return (
      <p role="status" className="text-sm">
        Connecting to {endpoint} (attempt {chain.attempt})…
      </p>
    );
  }
  if (chain.state === "not_started") {
    return (
      <p role="status" className="text-sm">
        No chain worker has run against this database yet ({endpoint}).
      </p>
    );
  }
  return (
    <p role="status" className="text-sm">
      Following finalized blocks from {endpoint}
      {chain.updatedAt ? (
        <>
          , last heard {timeAgo(new Date(chain.updatedAt), now)} ({formatUtc(new Date(chain.updatedAt))})
        </>
      ) : null}
      .
    </p>
  );
}
