// What one demo run needs to know, from env.ts's variables: how fast time runs, where to serve, where to keep
// its files. Pure, so the arithmetic of "N× faster" is checked without starting anything.
import path from "node:path";

import type { Env } from "@/env";

/** 7.5-millisecond blocks (133 a second, which chain ingest keeps up with): the king's margin (50,400 blocks)
 * decays to a fifth in about 5 minutes, so three kings reign within ten. */
export const DEFAULT_DEMO_SPEED = 1_600;

export interface DemoSettings {
  /** Chain time per wall-clock time: a block every 12 s / speed. */
  readonly speed: number;
  readonly port: number;
  readonly dataDir: string;
  readonly netuid: number;
  readonly network: string;
}

export function demoSettings(env: Env): DemoSettings {
  return {
    speed: env.DEMO_SPEED ?? DEFAULT_DEMO_SPEED,
    port: env.PORT,
    dataDir: path.resolve(env.DEMO_DATA_DIR),
    netuid: env.NETUID,
    network: "demo",
  };
}
