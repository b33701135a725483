/**
 * Runs in flight for e2e/live-evaluations.spec.ts, one per project since both run against the same server:
 * e2e/seed.ts ties each runId to a seeded submission with an old event (so none shows until the spec reports),
 * and the spec's events for the runId then belong to that submission, as a runner's do after its first one.
 */
export const LIVE_RUNS = {
  desktop: "0b6f1c62-5f0e-4d4a-9a51-6a1d2b7e0001",
  phone: "0b6f1c62-5f0e-4d4a-9a51-6a1d2b7e0002",
} as const;

/** The seeded submission they evaluate: UID 62's, evaluating already (e2e/seed.ts stage 4). */
export const LIVE_UID = 62;
