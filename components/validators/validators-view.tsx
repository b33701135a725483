"use client";

import { SUBNET_TOKEN } from "@/lib/protocol/token-symbol";
import { Loading } from "@/components/ui/loading";
import { Badge } from "@/components/ui/badge";
import { Hotkey } from "@/components/ui/hotkey";
import { Coldkey, TaostatsLink } from "@/components/ui/external-links";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th } from "@/components/ui/table";
import { formatBlock, formatRaoUnits, formatRate, timeAgo } from "@/lib/format";
import { apiRead } from "@/lib/client/reads";
import { useApi } from "@/lib/client/use-api";

export function ValidatorsView({ now }: { now: string }) {
  const { data } = useApi(apiRead("/api/v1/validators"));
  if (!data) return <Loading what="the validators" />;
  if (data.validators.length === 0) {
    return (
      <Notice title="No validators yet.">
        Validators appear once a metagraph snapshot shows a permit or a hotkey posts a run.
      </Notice>
    );
  }
  const at = new Date(now);
  return (
    <>
      <p className="mb-3 text-sm text-slate-600 dark:text-slate-300">
        Stake weights and permits from the snapshot at {formatBlock(data.snapshotBlock)}. A stake weight is
        the chain&apos;s own, the one its consensus weighs validators by: alpha stake plus TaoWeight × root
        TAO stake, in α.
      </p>
      <Table label="Validators">
        <thead>
          <tr>
            <Th sticky>Hotkey</Th>
            <Th>Coldkey</Th>
            <Th align="right">UID</Th>
            <Th align="right">Stake weight ({SUBNET_TOKEN})</Th>
            <Th>Permit</Th>
            <Th align="right">Runs posted</Th>
            <Th>Last seen</Th>
            <Th>Runner</Th>
            <Th align="right">Agreement</Th>
          </tr>
        </thead>
        <tbody>
          {data.validators.map((v) => (
            <tr key={v.hotkey}>
              <Td sticky>
                <Hotkey hotkey={v.hotkey} link={false} /> <TaostatsLink address={v.hotkey} kind="hotkey" />
              </Td>
              <Td>{v.coldkey ? <Coldkey coldkey={v.coldkey} /> : "—"}</Td>
              <Td align="right">{v.uid ?? "—"}</Td>
              <Td align="right">{formatRaoUnits(v.stakeRao, 0)}</Td>
              <Td>{v.permit ? <Badge tone="good">permit</Badge> : <Badge tone="neutral">none</Badge>}</Td>
              <Td align="right">{v.runsPosted}</Td>
              <Td>{v.lastSeenAt ? timeAgo(new Date(v.lastSeenAt), at) : "never"}</Td>
              <Td>
                <span className="font-mono text-xs">{v.runnerVersion ?? "—"}</span>
              </Td>
              <Td align="right">
                {formatRate(v.agreement.rate)}
                <span className="block text-xs text-slate-500 dark:text-slate-400">
                  {v.agreement.agreeing}/{v.agreement.counted} submissions
                </span>
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
