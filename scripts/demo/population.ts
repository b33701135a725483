// The demo's miners: who they are, what "image" each commits and what it shows. Every image is the reference
// inference server (workers/reference-server) under the runner's process driver; its tag picks the behaviour
// (`<mode>_t<TTFT ms>_r<tokens/s>`), so each miner is a real OpenAI-compatible server with its own speed or
// fault, measured by the real eval runner.
import { createHash } from "node:crypto";

/** The pinned "vLLM" baseline both validators measure: 200 tokens/s, 30 ms to the first token. */
export const BASELINE_IMAGE = "demo.local/vllm/reference:normal_t30_r200";

// Miners answer their first token 70 ms later than the baseline, far beyond the TTFT noise of a busy machine, so
// the TTFT term is always 0 and a score is 0.5 × (throughput / 200 − 1). The kings run 4× the baseline's
// rate: a timing error of x % in a throughput is then only 1.33 x % of score (at 2× it would be 2 x %). At
// 800 tokens/s a score is 150 %; each token/s more is +0.17 %. A busy machine's timing noise moves a median
// throughput, so the demo's margins are chosen to hold through ~1 % of score noise.

export type Role =
  | "steady"
  | "improvement"
  | "copycat"
  | "near-miss"
  | "wrong-model"
  | "unhealthy"
  | "unparseable"
  | "patient-improvement"
  | "timed-cheat";

export interface DemoMiner {
  readonly uri: string;
  readonly role: Role;
  /** What the narrator says when it commits. */
  readonly story: string;
  /** The image it commits, or null for the copycat (it copies the king's) and the unparseable one. */
  readonly image: string | null;
}

export const digestOf = (image: string): string =>
  `sha256:${createHash("sha256").update(image).digest("hex")}`;

/** The JSON commitment of protocol.md for an image. */
export const commitmentFor = (image: string, digest = digestOf(image)): string =>
  JSON.stringify({ image, digest });

/** Not a valid digest: the explorer stores it as unparseable and shows the miner why. */
export const UNPARSEABLE_COMMITMENT = JSON.stringify({
  image: "demo.local/miner7/typo:v1",
  digest: "sha256:not-a-digest",
});

export const MINERS = {
  steady: {
    uri: "//Miner1",
    role: "steady",
    story: "a steady server, 10 % faster than vLLM",
    image: "demo.local/miner1/steady:normal_t100_r220",
  },
  improvement: {
    uri: "//Miner2",
    role: "improvement",
    story: "a real improvement, four times vLLM's throughput",
    image: "demo.local/miner2/fast:normal_t100_r800",
  },
  copycat: {
    uri: "//Miner3",
    role: "copycat",
    story: "a copycat committing the king's own image and digest",
    image: null,
  },
  nearMiss: {
    uri: "//Miner4",
    role: "near-miss",
    story: "a near-miss: its own server, exactly as fast as that improvement — inside the margin",
    image: "demo.local/miner4/almost:normal_t100_r800",
  },
  wrongModel: {
    uri: "//Miner5",
    role: "wrong-model",
    story: "a fast server with the wrong weights (its tokens diverge from the baseline)",
    image: "demo.local/miner5/wrong-weights:far-divergence_t100_r800",
  },
  unhealthy: {
    uri: "//Miner6",
    role: "unhealthy",
    story: "a server that never becomes healthy",
    image: "demo.local/miner6/sleepy:slow-start_t100_r800",
  },
  unparseable: {
    uri: "//Miner7",
    role: "unparseable",
    story: "an unparseable commitment (a digest that is not sha256 hex)",
    image: null,
  },
  timedCheat: {
    uri: "//Miner9",
    role: "timed-cheat",
    story:
      "a cheat: honest when checked (but for a claimed near tie), two instant chunks when timed — " +
      "over 100 % if its timed output went unverified",
    image: "demo.local/miner9/burst:claimed-tie-burst_t0_r200",
  },
  patient: {
    uri: "//Miner8",
    role: "patient-improvement",
    story: "a real improvement of 2 %: not enough against a new king, plenty once the margin has decayed",
    image: "demo.local/miner8/patient:normal_t100_r812",
  },
} as const satisfies Record<string, DemoMiner>;

export const VALIDATORS = [
  // Different stakes: the consensus is stake-weighted, and the validators page shows both.
  { uri: "//Validator1", alphaRao: 600_000_000_000_000n },
  { uri: "//Validator2", alphaRao: 400_000_000_000_000n },
] as const;

/** The coldkey that owns every demo hotkey. */
export const OWNER_URI = "//Alice";

/**
 * Miner8 commits once the margin is below this: far under its 2 % gain (812 tokens/s against the king's 800),
 * which leaves room for the timing noise of a busy two-core machine (a 1 % gain can be measured as none).
 */
export const PATIENT_COMMITS_BELOW_EPSILON = 0.001;
