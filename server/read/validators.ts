import { getValidatorRows } from "@/db/queries/validators";
import { raoToString } from "@/lib/protocol/rao";
import type { ValidatorView, ValidatorsResponse } from "@/lib/schemas/validators";
import type { ReadContext } from "./context";

/** GET /api/v1/validators: the latest snapshot's permits plus every hotkey that posted runs, by stake. */
export async function readValidators(ctx: ReadContext): Promise<ValidatorsResponse> {
  const { snapshot, posted, agreement, neurons } = await getValidatorRows(ctx.database.db, ctx.netuid);
  const neuronOf = new Map(neurons.map((n) => [n.hotkey, n]));
  const postedOf = new Map(posted.map((v) => [v.hotkey, v]));
  const agreementOf = new Map(agreement.map((a) => [a.hotkey, a]));
  const hotkeys = [
    ...new Set([
      ...neurons.filter((n) => n.validatorPermit).map((n) => n.hotkey),
      ...posted.map((v) => v.hotkey),
    ]),
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
