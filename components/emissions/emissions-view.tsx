"use client";

import { SUBNET_TOKEN } from "@/lib/protocol/token-symbol";
import { Loading } from "@/components/ui/loading";
import dynamic from "next/dynamic";
import { Notice } from "@/components/ui/notice";
import { Table, Td, Th } from "@/components/ui/table";
import { PRICE_SOURCES, PRICE_SOURCE_LABELS } from "@/lib/chain/pool-price";
import { formatRaoUnits } from "@/lib/format";
import { apiRead, type ApiRead } from "@/lib/client/reads";
import { useApi } from "@/lib/client/use-api";
import type { EmissionsResponse } from "@/lib/schemas/emissions";

const EmissionsChart = dynamic(() => import("./emissions-chart").then((m) => m.EmissionsChart), {
  ssr: false,
  loading: () => <div className="h-64" aria-hidden />,
});

/** The price sources used in the range, in the words of PRICE_SOURCE_LABELS. */
function priceSources(data: EmissionsResponse): string {
  const used = new Set(data.epochs.map((e) => e.priceSource));
  const named = PRICE_SOURCES.filter((s) => used.has(s)).map((s) => PRICE_SOURCE_LABELS[s]);
  if (used.has(null)) named.push("the reserves ratio (epochs stored before the source was recorded)");
  return named.length > 0 ? named.join("; ") : "no price";
}

const units = (rao: string) => Number(BigInt(rao) / 1_000_000n) / 1000;

export function EmissionsView({ emissions }: { emissions: ApiRead<"/api/v1/emissions"> }) {
  const { data } = useApi(emissions);
  const { data: kings } = useApi(apiRead("/api/v1/kings"));
  if (!data) return <Loading what="the emissions" />;
  if (data.epochs.length === 0) {
    return (
      <Notice title="No emission recorded in this range.">
        Emission is read from each epoch&apos;s metagraph snapshot.
      </Notice>
    );
  }
  // Per UTC day: alpha and TAO to the king, and the running total.
  const days = new Map<string, { alpha: number; tao: number }>();
  for (const e of data.epochs) {
    const day = e.time.slice(0, 10);
    const d = days.get(day) ?? { alpha: 0, tao: 0 };
    d.alpha += units(e.emissionRao);
    d.tao += e.taoValueRao ? units(e.taoValueRao) : 0;
    days.set(day, d);
  }
  let cumulative = 0;
  const series = [...days.entries()].map(([day, d]) => {
    cumulative += d.tao;
    return { day, alpha: d.alpha, tao: d.tao, cumulativeTao: cumulative };
  });
  return (
    <div className="space-y-6">
      <p className="text-sm">
        Total in range:{" "}
        <strong className="font-mono">
          {formatRaoUnits(data.total.alphaRao, 1)} {SUBNET_TOKEN}
        </strong>{" "}
        · <strong className="font-mono">{formatRaoUnits(data.total.taoRao, 2)} τ</strong> over{" "}
        {data.total.epochs} epochs.
      </p>
      <p className="text-xs text-slate-500 dark:text-slate-400">
        TAO at each epoch&apos;s alpha price, from {priceSources(data)}.
      </p>
      <EmissionsChart series={series} />
      {kings && kings.reigns.length > 0 ? (
        <Table label="Emission per reign">
          <thead>
            <tr>
              <Th sticky>King</Th>
              <Th align="right">Epochs</Th>
              <Th align="right">Alpha</Th>
              <Th align="right">TAO</Th>
            </tr>
          </thead>
          <tbody>
            {kings.reigns.map((r) => (
              <tr key={`${r.submissionId}-${r.fromBlock}`}>
                <Td sticky>
                  UID {r.uid} · #{r.submissionId}
                </Td>
                <Td align="right">{r.epochs}</Td>
                <Td align="right">{formatRaoUnits(r.alphaRao, 1)}</Td>
                <Td align="right">{formatRaoUnits(r.taoRao, 2)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </div>
  );
}
