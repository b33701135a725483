import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { PRICE_SOURCES } from "@/lib/chain/pool-price";
import { rao, utc } from "./columns";

/**
 * A snapshot of the subnet: at each epoch boundary, at each block that registered a neuron (so a
 * deregistration is seen at its exact block), and at the first block ever ingested.
 */
export const metagraphSnapshots = pgTable(
  "metagraph_snapshots",
  {
    id: serial("id").primaryKey(),
    netuid: smallint("netuid").notNull(),
    blockNumber: bigint("block_number", { mode: "number" }).notNull(),
    blockHash: text("block_hash").notNull(),
    blockTime: utc("block_time").notNull(),
    tempo: integer("tempo").notNull(),
    /**
     * Why it was taken: `epoch` (the subnet ran its epoch in this block), `registration` or `start`. Only epoch
     * snapshots carry a new epoch's Emission; the others repeat the previous epoch's, so sums over emission
     * must keep to `epoch` snapshots.
     */
    kind: text("kind", { enum: ["epoch", "registration", "start"] })
      .notNull()
      .default("epoch"),
    neuronCount: integer("neuron_count").notNull(),
    /** Price inputs kept as read (RAO), so the price can be recomputed exactly. */
    subnetTaoRao: rao("subnet_tao_rao"),
    subnetAlphaInRao: rao("subnet_alpha_in_rao"),
    /** TAO per alpha from `priceSource`, as a float for display. */
    alphaPriceTao: doublePrecision("alpha_price_tao"),
    /**
     * Which source gave the price (lib/chain/pool-price.ts): the runtime API, the balancer weights with the
     * reserves, the plain reserves (before the balancer) or the moving price. Null on rows stored before the
     * source was recorded, which priced by the reserves.
     */
    priceSource: text("price_source", { enum: PRICE_SOURCES }),
    /** SwapRuntimeApi_current_alpha_price: TAO-RAO per alpha, when that was the source. */
    alphaPriceRao: rao("alpha_price_rao"),
    /** Swap.SwapBalancer's quote (TAO) weight in parts of 10^18, when the balancer was the source. */
    swapQuoteWeight: rao("swap_quote_weight"),
  },
  (t) => [uniqueIndex("metagraph_snapshots_netuid_block").on(t.netuid, t.blockNumber)],
);

export const metagraphNeurons = pgTable(
  "metagraph_neurons",
  {
    snapshotId: integer("snapshot_id")
      .notNull()
      .references(() => metagraphSnapshots.id, { onDelete: "cascade" }),
    uid: integer("uid").notNull(),
    hotkey: text("hotkey").notNull(),
    coldkey: text("coldkey").notNull(),
    /**
     * The chain's validator stake weight, RAO: alpha + TaoWeight × root TAO (the selective metagraph's
     * total_stake), what the chain's own consensus weighs validators by.
     */
    stakeRao: rao("stake_rao").notNull(),
    validatorPermit: boolean("validator_permit").notNull(),
    /** Incentive as a fraction in [0, 1] (the chain's u16 / 65535). */
    incentive: doublePrecision("incentive").notNull(),
    emissionRao: rao("emission_rao").notNull(),
    registrationBlock: bigint("registration_block", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.snapshotId, t.uid] }),
    index("metagraph_neurons_hotkey").on(t.hotkey, t.snapshotId),
  ],
);
