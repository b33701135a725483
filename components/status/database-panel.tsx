import { Card, Stat } from "@/components/ui/card";
import { formatCount } from "@/lib/format";
import type { Status } from "@/lib/schemas/status";

const DRIVER_LABEL = { pglite: "Embedded (PGlite)", postgres: "PostgreSQL" } as const;

export function DatabasePanel({ status }: { status: Status }) {
  const { database, counts } = status;
  return (
    <Card title="Database">
      <p className="text-sm">
        {DRIVER_LABEL[database.driver]} at{" "}
        <code className="break-all font-mono text-xs">{database.location}</code>
      </p>
      <dl className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3">
        <Stat label="Commitments" value={formatCount(counts.commitments)} />
        <Stat label="Submissions" value={formatCount(counts.submissions)} />
        <Stat label="Runs" value={formatCount(counts.runs)} />
        <Stat label="Validators" value={formatCount(counts.validators)} />
        <Stat label="Reigns" value={formatCount(counts.reigns)} />
        <Stat label="Metagraph snapshots" value={formatCount(counts.metagraphSnapshots)} />
      </dl>
    </Card>
  );
}
