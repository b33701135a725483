import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { standingsState } from "@/db/schema";
import {
  BENCH_NETUID,
  BENCH_NETWORK,
  benchBlockTime,
  benchHead,
  payKings,
  type BenchShape,
} from "@/db/test-support/bench-dataset";
import { recomputeStandings } from "@/workers/standings/recompute";

// The generator writes what the chain and the validators would (submissions, runs, snapshots); every verdict,
// reign and emission row is then the standings worker's own, so the app agrees with the dataset it is
// measured on: its first pass there changes nothing.

/** The chain time of the dataset's head: the clock of the passes that settle it, so it is the same every time. */
export const benchNow = (shape: BenchShape): Date => benchBlockTime(benchHead(shape));

/**
 * Derives the standings from the generated rows: one pass finds the verdicts and the kings, the kings' UIDs are
 * paid their epochs' emission (payKings), and a rebuild from stored rows records what each epoch paid.
 */
export async function settleStandings(db: Db, shape: BenchShape): Promise<void> {
  const pass = () =>
    recomputeStandings(db, { netuid: BENCH_NETUID, network: BENCH_NETWORK, now: benchNow(shape) });
  await pass();
  await payKings(db);
  await db.delete(standingsState);
  await pass();
  // Every submission and run was rewritten once: leave no dead rows for the benches to wade through.
  await db.execute(sql`vacuum analyze`);
}
