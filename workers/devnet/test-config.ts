// Test support: a devnet configuration for in-process tests (no server), overridable field by field.
import type { DevnetConfig } from "./devnet";

export const TEST_SUBNET_OWNER = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

export function testDevnetConfig(overrides: Partial<DevnetConfig> = {}): DevnetConfig {
  return {
    netuid: 14,
    tempo: 10,
    maxUids: 8,
    immunityPeriod: 0,
    genesisTime: 1_750_000_000_000,
    blockTimeMs: 12_000,
    finalityLag: 0,
    specVersion: 424,
    alphaPerBlock: 1_000_000_000n,
    taoIn: 9_500_000_000_000n,
    alphaIn: 1_000_000_000_000_000n,
    subnetOwner: TEST_SUBNET_OWNER,
    ...overrides,
  };
}
