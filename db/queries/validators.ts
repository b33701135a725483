import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
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

/** The latest snapshot's permit holders and every hotkey that posted runs: neurons, posting and agreement. */
export async function getValidatorRows(db: DbOrTx, netuid: number) {
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
  return { snapshot: snapshot ?? null, posted, agreement, neurons };
}
