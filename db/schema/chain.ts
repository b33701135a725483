import { bigint, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { utc } from "./columns";

/**
 * The ingest cursor: the last finalized block whose rows are all stored. Advanced in the same transaction as
 * the block's rows, so a crash never leaves half a block behind.
 */
export const chainCursor = pgTable("chain_cursor", {
  network: text("network").primaryKey(),
  blockNumber: bigint("block_number", { mode: "number" }).notNull(),
  blockHash: text("block_hash").notNull(),
  specVersion: integer("spec_version"),
  updatedAt: utc("updated_at").notNull().defaultNow(),
});

/**
 * Liveness of each long-running worker, written by the worker and read by every app instance (the status page
 * cannot see another process's memory).
 */
export const workerStatus = pgTable("worker_status", {
  worker: text("worker").primaryKey(),
  state: text("state").notNull(),
  detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  lastError: text("last_error"),
  lastErrorAt: utc("last_error_at"),
  updatedAt: utc("updated_at").notNull().defaultNow(),
});
