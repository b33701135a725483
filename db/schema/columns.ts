import { customType, numeric, timestamp } from "drizzle-orm/pg-core";

/** On-chain amounts (RAO, alpha RAO) are u64/u128: numeric(39,0) holds any u128 exactly, read back as bigint. */
export const rao = (name: string) => numeric(name, { precision: 39, scale: 0, mode: "bigint" });

/** Every time is UTC; timestamptz keeps the instant whatever the server's zone. */
export const utc = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** Raw bytes exactly as read from chain or received over HTTP. */
export const bytes = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => new Uint8Array(value),
});
