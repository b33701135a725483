import { getEpochsAfter, getKingAndTopNeurons, getLatestReign, getLatestSnapshot } from "@/db/queries/king";
import { getKnownHeadBlock } from "@/db/queries/standings";
import { observedPerDay } from "@/lib/protocol/emissions";
import { blockWhenMarginZero, epsilonAt, scoreToBeat } from "@/lib/protocol/margin";
import { paramsAt } from "@/lib/protocol/params";
import { raoToString } from "@/lib/protocol/rao";
import type { KingResponse } from "@/lib/schemas/king";
import type { ReadContext } from "./context";

/** GET /api/v1/king: the reigning submission, the live margin, its emission and the on-chain cross-check. */
export async function readKing(ctx: ReadContext): Promise<KingResponse> {
  const { db } = ctx.database;
  const { network, netuid } = ctx;
  const [[latest], [snapshot], head] = await Promise.all([
    getLatestReign(db, netuid),
    getLatestSnapshot(db, netuid),
    getKnownHeadBlock(db, network, netuid),
  ]);
  const current = latest && latest.reign.toBlock === null ? latest : null;
  const params = paramsAt(head ?? current?.reign.fromBlock ?? 0);
  const neurons = snapshot ? await getKingAndTopNeurons(db, snapshot.id, current?.reign.uid ?? null) : [];
  const top = neurons.find((n) => n.isTop) ?? null;
  const topUid = top !== null && top.incentive > 0 ? top.uid : null;
  const response: KingResponse = {
    king: null,
    reason: null,
    margin: null,
    emission: null,
    chain: snapshot
      ? {
          snapshotBlock: snapshot.blockNumber,
          topIncentiveUid: topUid,
          topIncentive: top?.incentive ?? null,
          matchesKing: current === null || topUid === null ? null : topUid === current.reign.uid,
        }
      : null,
    params: { epsilon0: params.epsilon0, decayBlocks: params.decayBlocks, onKingGone: params.onKingGone },
  };
  if (current === null) {
    response.reason =
      latest?.reign.endReason === "deregistered"
        ? `The throne is empty since block ${latest.reign.toBlock}: the king's hotkey left UID ` +
          `${latest.reign.uid}. The next correct submission with a score above 0 is crowned.`
        : "No submission has been crowned yet: the first correct submission with a score above 0 will be.";
    return response;
  }

  const { reign, submission } = current;
  response.king = {
    submissionId: submission.id,
    hotkey: submission.hotkey,
    uid: reign.uid,
    image: submission.image,
    digest: submission.digest,
    pullRef: submission.pullRef,
    commitBlock: submission.commitBlock,
    score: reign.score,
    ttftImprovement: submission.consensusTtftImprovement,
    throughputImprovement: submission.consensusThroughputImprovement,
    tokenMatchRate: submission.consensusTokenMatchRate,
    crownedBlock: reign.fromBlock,
    crownedAt: reign.fromTime.toISOString(),
    thresholdBeaten: reign.thresholdBeaten,
    previousSubmissionId: reign.previousSubmissionId,
  };
  if (head !== null) {
    const age = head - reign.fromBlock;
    const zeroAtBlock = blockWhenMarginZero(reign.fromBlock, params);
    response.margin = {
      currentBlock: head,
      ageBlocks: age,
      epsilon: epsilonAt(age, params),
      scoreToBeat: scoreToBeat(reign.score, age, params),
      zeroAtBlock,
      zeroAt: new Date(ctx.now.getTime() + (zeroAtBlock - head) * params.blockSeconds * 1000).toISOString(),
    };
  }
  const kingNeuron = neurons.find((n) => n.uid === reign.uid);
  if (snapshot && kingNeuron) {
    // A day of the epochs the chain actually ran, each at its own price (protocol.md "Emissions").
    const until = head ?? snapshot.blockNumber;
    const observed = await getEpochsAfter(db, netuid, until - params.blocksPerDay);
    const perDay = observedPerDay(observed.epochs, {
      headBlock: until,
      firstBlock: Number(observed.firstBlock ?? snapshot.blockNumber),
      blocksPerDay: params.blocksPerDay,
    });
    response.emission = {
      snapshotBlock: snapshot.blockNumber,
      tempo: snapshot.tempo,
      perEpochRao: raoToString(kingNeuron.emissionRao),
      alphaPerDayRao: raoToString(perDay?.alphaPerDayRao ?? 0n),
      taoPerDayRao: perDay === null || perDay.taoPerDayRao === null ? null : raoToString(perDay.taoPerDayRao),
      epochsObserved: perDay?.epochs ?? 0,
      observedBlocks: perDay?.spanBlocks ?? 0,
      alphaPriceTao: snapshot.alphaPriceTao,
      priceSource: snapshot.priceSource,
    };
  }
  return response;
}
