import { and, asc, desc, eq, gt, min, or, sql } from "drizzle-orm";
import { observedPerDay } from "@/lib/protocol/emissions";
import { blockWhenMarginZero, epsilonAt, scoreToBeat } from "@/lib/protocol/margin";
import { paramsAt } from "@/lib/protocol/params";
import { raoToString } from "@/lib/protocol/rao";
import type { KingResponse } from "@/lib/schemas/king";
import type { DbOrTx } from "../client";
import { emissions, metagraphNeurons, metagraphSnapshots, reigns, submissions } from "../schema";
import { getKnownHeadBlock } from "./standings";

/** The newest reign with its submission: the king when it is still open, else why the throne is empty. */
function getLatestReign(db: DbOrTx, netuid: number) {
  return db
    .select({ reign: reigns, submission: submissions })
    .from(reigns)
    .innerJoin(submissions, eq(submissions.id, reigns.submissionId))
    .where(eq(reigns.netuid, netuid))
    .orderBy(desc(reigns.fromBlock), desc(reigns.id))
    .limit(1);
}

function getLatestSnapshot(db: DbOrTx, netuid: number) {
  return db
    .select()
    .from(metagraphSnapshots)
    .where(eq(metagraphSnapshots.netuid, netuid))
    .orderBy(desc(metagraphSnapshots.blockNumber))
    .limit(1);
}

/** What each epoch after `afterBlock` paid the king in force, and the first block the explorer has. */
async function getEpochsAfter(db: DbOrTx, netuid: number, afterBlock: number) {
  const [rows, [first]] = await Promise.all([
    db
      .select({
        block: emissions.blockNumber,
        alphaRao: emissions.emissionRao,
        taoRao: emissions.taoValueRao,
      })
      .from(emissions)
      .where(and(eq(emissions.netuid, netuid), gt(emissions.blockNumber, afterBlock)))
      .orderBy(asc(emissions.blockNumber)),
    db
      .select({ block: min(metagraphSnapshots.blockNumber) })
      .from(metagraphSnapshots)
      .where(eq(metagraphSnapshots.netuid, netuid)),
  ]);
  return { epochs: rows, firstBlock: first?.block ?? null };
}

/** The king UID's neuron and the top-incentive neuron (ties: lower UID) of one snapshot, in one query. */
function getKingAndTopNeurons(db: DbOrTx, snapshotId: number, kingUid: number | null) {
  const top = sql`(select ${metagraphNeurons.uid} from ${metagraphNeurons}
    where ${metagraphNeurons.snapshotId} = ${snapshotId}
    order by ${metagraphNeurons.incentive} desc, ${metagraphNeurons.uid} asc limit 1)`;
  return db
    .select({
      uid: metagraphNeurons.uid,
      incentive: metagraphNeurons.incentive,
      emissionRao: metagraphNeurons.emissionRao,
      isTop: sql<boolean>`${metagraphNeurons.uid} = ${top}`,
    })
    .from(metagraphNeurons)
    .where(
      and(
        eq(metagraphNeurons.snapshotId, snapshotId),
        or(
          sql`${metagraphNeurons.uid} = ${top}`,
          kingUid === null ? undefined : eq(metagraphNeurons.uid, kingUid),
        ),
      ),
    );
}

export async function getKingView(
  db: DbOrTx,
  ctx: { netuid: number; network: string; now: Date },
): Promise<KingResponse> {
  const [[latest], [snapshot], head] = await Promise.all([
    getLatestReign(db, ctx.netuid),
    getLatestSnapshot(db, ctx.netuid),
    getKnownHeadBlock(db, ctx.network, ctx.netuid),
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
    const observed = await getEpochsAfter(db, ctx.netuid, until - params.blocksPerDay);
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
