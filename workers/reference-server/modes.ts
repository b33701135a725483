import type { Perturbation } from "./model";

export const MODES = [
  "normal",
  "near-tie",
  "far-divergence",
  "non-greedy",
  "slow-start",
  "crash",
  "malformed-sse",
  "stall",
  "ignore-max-tokens",
  "wrong-model",
  "speed-mismatch",
] as const;
export type Mode = (typeof MODES)[number];

export function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}

/** The change to the model's decoding a mode makes, for a request with or without logprobs. */
export function perturbationFor(mode: Mode, at: number, withLogprobs: boolean): Perturbation {
  switch (mode) {
    case "near-tie":
      return { kind: "near-tie", at };
    case "far-divergence":
      return { kind: "far", at };
    case "non-greedy":
      return { kind: "non-greedy", at };
    // Fast and wrong when timed (no logprobs asked), slow and right when checked.
    case "speed-mismatch":
      return withLogprobs ? null : { kind: "far", at };
    default:
      return null;
  }
}
