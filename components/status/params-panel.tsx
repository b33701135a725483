import { Card } from "@/components/ui/card";
import { describeParams } from "@/lib/protocol/params-description";
import { paramsVersionAt, PARAMS_VERSIONS } from "@/lib/protocol/params";
import { formatBlock } from "@/lib/format";

// The rules a visitor needs first; the methodology page lists every parameter.
const HEADLINE_KEYS = [
  "epsilon0",
  "decayBlocks",
  "ttftWeight",
  "throughputWeight",
  "scoredPrompts",
  "passes",
  "onKingGone",
];

export function ParamsPanel({ block }: { block: number | null }) {
  const version = paramsVersionAt(block ?? Number.MAX_SAFE_INTEGER, PARAMS_VERSIONS);
  const rows = describeParams(version.params).filter((row) => HEADLINE_KEYS.includes(row.key));
  return (
    <Card
      title="Rules in force"
      aside={<span className="text-xs text-slate-500">since block {formatBlock(version.fromBlock)}</span>}
    >
      <dl className="grid gap-3 sm:grid-cols-2">
        {rows.map((row) => (
          <div key={row.key}>
            <dt className="text-xs text-slate-500 dark:text-slate-400">{row.label}</dt>
            <dd className="font-mono text-sm">{row.value}</dd>
            <dd className="text-xs text-slate-500 dark:text-slate-400">{row.explanation}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
