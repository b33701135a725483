import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { raoToString } from "@/lib/protocol/rao";
import type { ValidatorView, ValidatorsResponse } from "@/lib/schemas/validators";
import { executeRows, type DbOrTx } from "../client";
import { metagraphNeurons, metagraphSnapshots, submissions, validators } from "../schema";

interface AgreementRow extends Record<string, unknown> {
  hotkey: string;
  agreeing: number | string;
  counted: number | string;
}

/** Per validator, over the subnet's submissions: counted runs that agree with the consensus. */
function listAgreement(db: DbOrTx, netuid: number) {
  return executeRows<AgreementRow>(
    db,
    sql`select a->>'validatorHotkey' as hotkey,
               count(*) filter (where (a->>'agrees')::boolean) as agreeing,
               count(*) filter (where a->'agrees' <> 'null'::jsonb) as counted
        from ${submissions}, jsonb_array_elements(${submissions.consensusRuns}) a
        where ${submissions.netuid} = ${netuid}
        group by 1`,
  );
}

/** Validators: the latest snapshot's permits plus every hotkey that posted runs, by stake. */
export async function listValidatorsView(db: DbOrTx, netuid: number): Promise<ValidatorsResponse> {
  const [[snapshot], posted, agreement] = await Promise.all([
    db
      .select({ id: metagraphSnapshots.id, block: metagraphSnapshots.blockNumber })
      .from(metagraphSnapshots)
      .where(eq(metagraphSnapshots.netuid, netuid))
      .orderBy(desc(metagraphSnapshots.blockNumber))
      .limit(1),
    db.select().from(validators),
    listAgreement(db, netuid),
  ]);
  const postedHotkeys = posted.map((v) => v.hotkey);
  const neurons = snapshot
    ? await db
        .select()
        .from(metagraphNeurons)
        .where(
          and(
            eq(metagraphNeurons.snapshotId, snapshot.id),
            or(
              eq(metagraphNeurons.validatorPermit, true),
              postedHotkeys.length > 0 ? inArray(metagraphNeurons.hotkey, postedHotkeys) : undefined,
            ),
          ),
        )
    : [];
  const neuronOf = new Map(neurons.map((n) => [n.hotkey, n]));
  const postedOf = new Map(posted.map((v) => [v.hotkey, v]));
  const agreementOf = new Map(agreement.map((a) => [a.hotkey, a]));
  const hotkeys = [
    ...new Set([...neurons.filter((n) => n.validatorPermit).map((n) => n.hotkey), ...postedHotkeys]),
  ];
  const views = hotkeys.map((hotkey): ValidatorView => {
    const n = neuronOf.get(hotkey);
    const v = postedOf.get(hotkey);
    const a = agreementOf.get(hotkey);
    const counted = Number(a?.counted ?? 0);
    const agreeing = Number(a?.agreeing ?? 0);
    return {
      hotkey,
      uid: n?.uid ?? null,
      coldkey: n?.coldkey ?? null,
      stakeRao: n ? raoToString(n.stakeRao) : null,
      permit: n?.validatorPermit ?? false,
      runsPosted: v?.runsPosted ?? 0,
      firstSeenAt: v?.firstSeenAt.toISOString() ?? null,
      lastSeenAt: v?.lastSeenAt.toISOString() ?? null,
      runnerVersion: v?.runnerVersion ?? null,
      agreement: { agreeing, counted, rate: counted === 0 ? null : agreeing / counted },
    };
  });
  const stake = (v: ValidatorView) => BigInt(v.stakeRao ?? "-1");
  views.sort((x, y) => (stake(y) > stake(x) ? 1 : stake(y) < stake(x) ? -1 : x.hotkey < y.hotkey ? -1 : 1));
  return { snapshotBlock: snapshot?.block ?? null, validators: views };
}
