// Test support: an in-process devnet (no server) with a small subnet 14, tempo 10 and 8 UIDs, owned by Alice,
// and its configuration, overridable field by field.
import { Devnet, type DevnetConfig } from "../devnet";
import { buildDevnetMetadata } from "../metadata/build";

export const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

export function smallDevnetConfig(overrides: Partial<DevnetConfig> = {}): DevnetConfig {
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
    subnetOwner: ALICE,
    ...overrides,
  };
}

export function smallDevnet(overrides: Partial<DevnetConfig> = {}): Devnet {
  return new Devnet(buildDevnetMetadata(), smallDevnetConfig(overrides));
}
