import { asc, getTableColumns, inArray, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { runPrompts, runs } from "../schema";

// A stored run and its prompts as the read model (server/read/runs.ts) takes them.

const { envelope: _envelope, ...runColumns } = getTableColumns(runs);
/** Every run column but the envelope bytes, which only the run page needs. */
export const RUN_COLUMNS = runColumns;
export type RunRow = Omit<typeof runs.$inferSelect, "envelope">;
export type PromptRow = typeof runPrompts.$inferSelect;

/** The prompts of every run matching `runIds` (a list or a subquery), in one query. */
export function listPromptsOfRuns(db: DbOrTx, runIds: string[] | SQL) {
  return db
    .select()
    .from(runPrompts)
    .where(inArray(runPrompts.runId, runIds))
    .orderBy(asc(runPrompts.promptIndex));
}
