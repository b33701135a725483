import { formatUtc } from "@/lib/format";
import { Badge } from "@/components/ui/badge";

/** Every official figure says where it came from: the subnet's validator, when we fetched it, unsigned. */
export function Provenance({ fetchedAt }: { fetchedAt: Date | null }) {
  return (
    <p className="text-xs text-slate-500 dark:text-slate-400" data-track="official">
      <Badge tone="neutral">official track</Badge> Published by the subnet&apos;s validator, fetched at{" "}
      {fetchedAt ? formatUtc(fetchedAt) : "never"}, not signed.
    </p>
  );
}

/** The independent track's line: the consensus of signed runs from validators using our runner. */
export function IndependentProvenance() {
  return (
    <p className="text-xs text-slate-500 dark:text-slate-400" data-track="independent">
      <Badge tone="good">independent track</Badge> Consensus of signed runs posted by validators with our
      runner.
    </p>
  );
}
