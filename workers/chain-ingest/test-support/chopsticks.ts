// Test support: the real spec-218 subtensor runtime (RAO test network, February 2025) run offline by
// chopsticks from the shared fixtures' chain spec. Missing fixtures skip the suite, except under CI=true.
import { BuildBlockMode, defaultLogger, setupWithServer } from "@acala-network/chopsticks";
import { fixtureFile } from "@/lib/chain/test-support/fixtures";

/** The chain spec's path, or null (with a warning) when the fixtures are absent outside CI. */
export function spec218ChainSpec(): string | null {
  return fixtureFile("raonetChainSpec", "the chopsticks tests on the spec-218 runtime");
}

export interface RunningChopsticks {
  url: string;
  close(): Promise<void>;
}

/** Chopsticks on the chain spec's genesis, building blocks only on dev_newBlock, signatures mocked. */
export async function startChopsticks(chainSpec: string): Promise<RunningChopsticks> {
  // Its block-builder logs every block at info level.
  defaultLogger.level = "error";
  const context = await setupWithServer({
    genesis: chainSpec,
    port: 0,
    host: "127.0.0.1",
    "mock-signature-host": true,
    "build-block-mode": BuildBlockMode.Manual,
    "runtime-log-level": 0,
  });
  return { url: `ws://${context.addr}`, close: () => context.close() };
}
