import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Database, DbOrTx } from "./client";

/**
 * Change notifications between processes (Postgres LISTEN/NOTIFY; PGlite has its own). The writer publishes
 * inside its transaction, so a notification is delivered only if the change committed. Payloads are small
 * pointers (ids), never the data itself: NOTIFY payloads are capped at 8000 bytes.
 */
export const CHANGES_CHANNEL = "cacheon_changes";

export const changeSchema = z.discriminatedUnion("type", [
  /** A validator posted a run: the submission's consensus may change. */
  z.object({ type: z.literal("run"), runId: z.string(), submissionId: z.number().int() }),
  z.object({
    type: z.literal("progress"),
    runId: z.string(),
    submissionId: z.number().int().nullable(),
    phase: z.string(),
  }),
  /** Chain ingest created a submission. */
  z.object({ type: z.literal("submission"), submissionId: z.number().int() }),
  /** Chain ingest stored a block (and possibly a deregistration or an epoch's metagraph). */
  z.object({
    type: z.literal("block"),
    blockNumber: z.number().int(),
    epoch: z.boolean(),
    deregistered: z.array(z.number().int()),
  }),
  /** The standings were recomputed and the king or a submission's standing changed. */
  z.object({ type: z.literal("king"), submissionId: z.number().int().nullable() }),
  z.object({ type: z.literal("standings"), changedSubmissionIds: z.array(z.number().int()) }),
]);
export type Change = z.infer<typeof changeSchema>;

/** Ids per `standings` notification: 500 ids of up to 11 characters each stay well under NOTIFY's 8000 bytes. */
const IDS_PER_NOTIFICATION = 500;

/**
 * Publishes a change. A `standings` change naming more submissions than one payload can carry (a first
 * recompute after a backfill changes them all) goes out as several, in order, each with a slice of the ids:
 * one payload over the cap would fail, and with it the transaction that published it.
 */
export async function publishChange(db: DbOrTx, change: Change): Promise<void> {
  if (change.type === "standings" && change.changedSubmissionIds.length > IDS_PER_NOTIFICATION) {
    const ids = change.changedSubmissionIds;
    for (let i = 0; i < ids.length; i += IDS_PER_NOTIFICATION)
      await notify(db, { type: "standings", changedSubmissionIds: ids.slice(i, i + IDS_PER_NOTIFICATION) });
    return;
  }
  await notify(db, change);
}

async function notify(db: DbOrTx, change: Change): Promise<void> {
  await db.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify(change)})`);
}

/** Calls `onChange` for every well-formed change; a malformed payload is reported, never thrown. */
export function subscribeChanges(
  database: Database,
  onChange: (change: Change) => void,
  onMalformed: (payload: string) => void = () => undefined,
): Promise<() => Promise<void>> {
  return database.listen(CHANGES_CHANNEL, (payload) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return onMalformed(payload);
    }
    const result = changeSchema.safeParse(parsed);
    if (result.success) onChange(result.data);
    else onMalformed(payload);
  });
}
