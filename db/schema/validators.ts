import { index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { utc } from "./columns";

/** Validators seen posting to the API. Stake and permit come from the latest metagraph snapshot. */
export const validators = pgTable("validators", {
  hotkey: text("hotkey").primaryKey(),
  firstSeenAt: utc("first_seen_at").notNull().defaultNow(),
  lastSeenAt: utc("last_seen_at").notNull().defaultNow(),
  runnerVersion: text("runner_version"),
  runsPosted: integer("runs_posted").notNull().default(0),
});

/**
 * Every Epistula (hotkey, uuid) pair accepted; the unique index is what makes a replay fail. A pair only has to
 * be kept while its signed timestamp could still pass the clock check, so old rows are pruned by `seen_at`.
 */
export const epistulaNonces = pgTable(
  "epistula_nonces",
  {
    hotkey: text("hotkey").notNull(),
    uuid: uuid("uuid").notNull(),
    seenAt: utc("seen_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("epistula_nonces_pair").on(t.hotkey, t.uuid),
    index("epistula_nonces_seen").on(t.seenAt),
  ],
);
