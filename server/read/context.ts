import type { Database } from "@/db/client";
import { getDatabase } from "@/db/instance";
import { loadEnv } from "@/env";

/** What every read needs: the database, which subnet on which network, and one clock reading. */
export interface ReadContext {
  readonly database: Pick<Database, "db" | "driver" | "location">;
  readonly netuid: number;
  readonly network: string;
  readonly now: Date;
  /** Settings /status publishes: the chain endpoint, whether an archive is set, what validators sign for. */
  readonly settings: {
    readonly chainEndpoint: string;
    readonly archiveEndpoint: boolean;
    readonly signedFor: string;
  };
}

export type ReadSettings = ReadContext["settings"];

/** A context on `database` for one subnet; settings not given are empty (what tests and benches need). */
export function readContextOf(
  database: ReadContext["database"],
  scope: { netuid: number; network: string; settings?: Partial<ReadSettings> },
  now = new Date(),
): ReadContext {
  return {
    database,
    netuid: scope.netuid,
    network: scope.network,
    now,
    settings: { chainEndpoint: "", archiveEndpoint: false, signedFor: "", ...scope.settings },
  };
}

/** The process's database and settings (env.ts), read now. */
export async function readContext(): Promise<ReadContext> {
  const env = loadEnv();
  return readContextOf(await getDatabase(), {
    netuid: env.NETUID,
    network: env.NETWORK,
    settings: {
      chainEndpoint: env.CHAIN_ENDPOINT,
      archiveEndpoint: env.CHAIN_ARCHIVE_ENDPOINT !== undefined,
      signedFor: env.EPISTULA_SIGNED_FOR,
    },
  });
}
