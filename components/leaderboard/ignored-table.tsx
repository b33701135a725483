import { Hotkey } from "@/components/ui/hotkey";
import { Table, Td, Th } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { formatBlock } from "@/lib/format";
import type { IgnoredCommitment } from "@/lib/schemas/submissions";

export function IgnoredTable({ items }: { items: readonly IgnoredCommitment[] }) {
  return (
    <Table label="Ignored and unparseable commitments">
      <thead>
        <tr>
          <Th sticky>UID</Th>
          <Th>Hotkey</Th>
          <Th>Disposition</Th>
          <Th>Why</Th>
          <Th align="right">Commit block</Th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.commitmentId}>
            <Td sticky>{c.uid ?? "—"}</Td>
            <Td>
              <Hotkey hotkey={c.hotkey} />
            </Td>
            <Td>
              <Badge tone={c.disposition === "ignored" ? "neutral" : "warn"}>{c.disposition}</Badge>
            </Td>
            <Td>
              <span className="font-medium">{c.reason?.title ?? c.reason?.code ?? "—"}</span>
              {c.message ? (
                <span className="block text-xs text-slate-500 dark:text-slate-400">{c.message}</span>
              ) : null}
            </Td>
            <Td align="right">{formatBlock(c.commitBlock)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
