import { bigint, integer, jsonb, pgTable, primaryKey, smallint, text } from "drizzle-orm/pg-core";
import { utc } from "./columns";

/**
 * The ingest cursor: the last finalized block whose rows are all stored. Advanced in the same transaction as
 * the block's rows, so a crash never leaves half a block behind.
 */
export const chainCursor = pgTable(
  "chain_cursor",
  {
    network: text("network").notNull(),
    /** Keyed with the network: changing NETUID must not continue from another subnet's cursor. */
    netuid: smallint("netuid").notNull(),
    blockNumber: bigint("block_number", { mode: "number" }).notNull(),
    blockHash: text("block_hash").notNull(),
    specVersion: integer("spec_version"),
    /** The first block this explorer stored: history before it needs an archive endpoint. */
    firstBlock: bigint("first_block", { mode: "number" }),
    /**
     * SubtensorModule.NetworkRegisteredAt of the netuid as first seen: a different value later means the netuid
     * was dissolved and registered again, a new subnet. Null while the netuid was not registered.
     */
    subnetRegisteredAt: bigint("subnet_registered_at", { mode: "number" }),
    updatedAt: utc("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.network, t.netuid] })],
);

/**
 * Blocks ingest skipped: their state was gone from a pruned node (an outage longer than its pruning window)
 * and no archive endpoint was configured. Figures summed over these blocks (emissions) are incomplete.
 */
export const chainGaps = pgTable(
  "chain_gaps",
  {
    network: text("network").notNull(),
    netuid: smallint("netuid").notNull(),
    fromBlock: bigint("from_block", { mode: "number" }).notNull(),
    toBlock: bigint("to_block", { mode: "number" }).notNull(),
    reason: text("reason").notNull(),
    recordedAt: utc("recorded_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.network, t.netuid, t.fromBlock] })],
);

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

/**
 * Hotkey swaps (SubtensorModule.HotkeySwapped): a UID whose hotkey changed while its registration block stayed,
 * which only do_swap_hotkey does (a new registration sets a new BlockAtRegistration). Recorded at the snapshot
 * that showed it; the UID's snapshots before and after are one neuron's history, not a deregistration.
 */
export const hotkeySwaps = pgTable(
  "hotkey_swaps",
  {
    netuid: smallint("netuid").notNull(),
    blockNumber: bigint("block_number", { mode: "number" }).notNull(),
    uid: integer("uid").notNull(),
    oldHotkey: text("old_hotkey").notNull(),
    newHotkey: text("new_hotkey").notNull(),
  },
  (t) => [primaryKey({ columns: [t.netuid, t.blockNumber, t.uid] })],
);
