// The tunable rules of the protocol, versioned by block: history is judged by the parameters in force at the
// time, so a change of parameters is a new entry in PARAMS_VERSIONS, never an edit of an old one.

export type OnKingGone = "clear" | "best_remaining";

/**
 * How the timed output is verified (protocol.md, "Verifying the timed output"): `full` checks every token of
 * the speed pass under the pinned baseline model; `first-divergence` (V1) only compares the speed pass's text
 * with the correctness pass's up to that pass's first divergence.
 */
export const VERIFICATIONS = ["full", "first-divergence"] as const;
export type Verification = (typeof VERIFICATIONS)[number];

/**
 * The pinned baseline: the vLLM image, the weights' revision and the flags every validator starts it with, so
 * every validator measures and verifies against the same server. The runner refuses to post when its own
 * setup differs (workers/runner/baseline-setup.ts); lib/protocol/baseline-args.ts builds the command line.
 */
export interface BaselineParams {
  readonly engine: "vllm";
  /** name:tag@sha256:<64 hex>; the digest is what is compared. */
  readonly image: string;
  /** The Hugging Face repository of the weights and the commit they are pinned at. */
  readonly weightsRepo: string;
  readonly weightsRevision: string;
  /** vLLM's `--max-model-len`: prompt and output, in tokens. */
  readonly maxModelLen: number;
  /**
   * vLLM's `--generation-config`: "vllm" ignores the checkpoint's generation_config.json (Qwen2.5-Instruct's
   * sets a repetition penalty and sampling defaults), so temperature 0 is plain greedy decoding.
   */
  readonly generationConfig: "vllm";
  /** vLLM's `--tensor-parallel-size`: always the GPUs the validator evaluates on. */
  readonly tensorParallelSize: "gpu-count";
}

/**
 * The prompt corpus (protocol.md, evaluation step 4): a PG19 split at a pinned dataset revision, its books as
 * `<book id>.txt` files, verified by the corpus identity before use (lib/eval/corpus.ts computes it).
 */
export interface CorpusParams {
  readonly dataset: string;
  readonly revision: string;
  readonly split: string;
  /** The corpus identity (sha256 hex); null until it is pinned, and until then no runner posts a run. */
  readonly sha256: string | null;
}

export interface ProtocolParams {
  readonly netuid: number;
  readonly model: string;
  readonly maxTokens: number;
  readonly temperature: number;
  readonly scoredPrompts: number;
  readonly warmupPrompts: number;
  readonly passes: 1 | 2;
  readonly verification: Verification;
  readonly promptTimeoutMs: number;
  readonly healthPollMs: number;
  readonly healthTimeoutMs: number;
  readonly imageMaxBytes: number;
  readonly epsilon0: number;
  readonly decayBlocks: number;
  readonly ttftWeight: number;
  readonly throughputWeight: number;
  readonly correctness: { readonly maxLogprobGap: number; readonly topK: number };
  readonly onKingGone: OnKingGone;
  readonly emissionSplit: { readonly king: number; readonly runnerUp: number };
  readonly blockSeconds: number;
  readonly blocksPerDay: number;
  readonly defaultTempo: number;
  readonly epistula: { readonly maxClockSkewMs: number; readonly ss58Prefix: number };
  readonly container: {
    readonly memoryBytes: number;
    readonly cpus: number;
    readonly pids: number;
    readonly port: number;
    readonly weightsMount: string;
  };
  readonly baseline: BaselineParams;
  readonly corpus: CorpusParams;
  readonly scoreRoundingTolerance: number;
  readonly agreementTolerance: number;
  /** Share of the active validators' stake whose counted runs make a verdict final. */
  readonly quorum: number;
  /** A permitted validator is active if it posted a counted run within this many blocks. */
  readonly activeWindowBlocks: number;
  /** Without quorum, a verdict is final this many blocks after its first counted run. */
  readonly quorumTimeoutBlocks: number;
  /** The longest a final submission waits for an earlier-committed one before it is judged. */
  readonly maxJudgeWaitBlocks: number;
}

export interface ParamsVersion {
  readonly fromBlock: number;
  readonly params: ProtocolParams;
}

// Sizes use the SI convention (1 GB = 10^9 bytes), as registries and the subnet documentation count them;
// 20 GB is 20 × 10^9 bytes, about 18.6 GiB.
const GB = 1_000_000_000;

export const DEFAULT_PARAMS: ProtocolParams = {
  netuid: 14,
  model: "Qwen2.5-72B-Instruct",
  maxTokens: 256,
  temperature: 0,
  scoredPrompts: 10,
  warmupPrompts: 2,
  passes: 2,
  verification: "full",
  promptTimeoutMs: 120_000,
  healthPollMs: 5_000,
  healthTimeoutMs: 600_000,
  imageMaxBytes: 20 * GB,
  epsilon0: 0.01,
  decayBlocks: 50_400,
  ttftWeight: 0.5,
  throughputWeight: 0.5,
  correctness: { maxLogprobGap: 0.5, topK: 5 },
  onKingGone: "clear",
  emissionSplit: { king: 1, runnerUp: 0 },
  blockSeconds: 12,
  blocksPerDay: 7_200,
  defaultTempo: 360,
  epistula: { maxClockSkewMs: 8_000, ss58Prefix: 42 },
  container: { memoryBytes: 200 * GB, cpus: 32, pids: 4_096, port: 8_000, weightsMount: "/models" },
  baseline: {
    engine: "vllm",
    image: "vllm/vllm-openai:v0.14.0@sha256:1d6866b87630d94f5e0cdae55ab5abb4ce0b03fcb84d9d10612f9d518d19d4fd",
    weightsRepo: "Qwen/Qwen2.5-72B-Instruct",
    weightsRevision: "495f39366efef23836d0cfae4fbe635880d2be31",
    // The checkpoint's own context length (config.json max_position_embeddings), without rope scaling: the
    // longest prompt (24,000 characters, about 6,000 tokens) and its 256 output tokens fit with room.
    maxModelLen: 32_768,
    generationConfig: "vllm",
    tensorParallelSize: "gpu-count",
  },
  // V1 drew its passages from PG19. The test split (100 books) is small enough to hash at every start; its
  // identity is pinned once computed from a download at this revision (`runner doctor` prints it).
  corpus: {
    dataset: "deepmind/pg19",
    revision: "dd75f494ab94328d0ce92c05390ab91a96920a9d",
    split: "test",
    sha256: null,
  },
  // Scores are fractions around 0.01..1 shown to 0.1 %. Float64 recomputation differs from the runner's by
  // ~1e-15 (operation order, Python vs JS), and a runner that rounds to 6 decimals is off by <= 5e-7; 1e-6
  // absorbs both while staying 1,000× below what the page can display, so it cannot hide a padded score.
  scoreRoundingTolerance: 1e-6,
  // Two validators on different pods measure different speeds; a validator "agrees" with the consensus when
  // its score is within 2 percentage points. Display only: it never changes a verdict.
  agreementTolerance: 0.02,
  quorum: 0.5,
  activeWindowBlocks: 50_400,
  quorumTimeoutBlocks: 7_200,
  maxJudgeWaitBlocks: 1_800,
};

export const PARAMS_VERSIONS: readonly ParamsVersion[] = [{ fromBlock: 0, params: DEFAULT_PARAMS }];

/** The version in force at `block`: the last one whose fromBlock <= block (the first one before it). */
export function paramsVersionAt(
  block: number,
  versions: readonly ParamsVersion[] = PARAMS_VERSIONS,
): ParamsVersion {
  const first = versions[0];
  if (first === undefined) throw new Error("PARAMS_VERSIONS is empty: at least one version is required");
  let current = first;
  for (const version of versions) {
    if (version.fromBlock < current.fromBlock) {
      throw new Error(
        `PARAMS_VERSIONS must be sorted by fromBlock (found ${version.fromBlock} after ${current.fromBlock})`,
      );
    }
    if (version.fromBlock <= block) current = version;
  }
  return current;
}

/** The parameters in force at `block`. */
export function paramsAt(
  block: number,
  versions: readonly ParamsVersion[] = PARAMS_VERSIONS,
): ProtocolParams {
  return paramsVersionAt(block, versions).params;
}

/** Problems that make a parameter set unusable; an empty list means it is valid. */
export function validateParams(params: ProtocolParams): string[] {
  const problems: string[] = [];
  const positive: [string, number][] = [
    ["maxTokens", params.maxTokens],
    ["scoredPrompts", params.scoredPrompts],
    ["promptTimeoutMs", params.promptTimeoutMs],
    ["healthPollMs", params.healthPollMs],
    ["healthTimeoutMs", params.healthTimeoutMs],
    ["imageMaxBytes", params.imageMaxBytes],
    ["decayBlocks", params.decayBlocks],
    ["blockSeconds", params.blockSeconds],
    ["blocksPerDay", params.blocksPerDay],
    ["defaultTempo", params.defaultTempo],
    ["correctness.topK", params.correctness.topK],
    ["activeWindowBlocks", params.activeWindowBlocks],
    ["quorumTimeoutBlocks", params.quorumTimeoutBlocks],
    ["baseline.maxModelLen", params.baseline.maxModelLen],
  ];
  for (const [key, value] of positive) {
    if (!Number.isFinite(value) || value <= 0) problems.push(`${key} must be a positive number`);
  }
  if (params.epsilon0 < 0 || !Number.isFinite(params.epsilon0)) problems.push("epsilon0 must be >= 0");
  if (!(params.quorum > 0 && params.quorum <= 1)) problems.push("quorum must be in (0, 1]");
  if (!Number.isInteger(params.maxJudgeWaitBlocks) || params.maxJudgeWaitBlocks < 0)
    problems.push("maxJudgeWaitBlocks must be a whole number >= 0");
  if (params.ttftWeight < 0 || params.throughputWeight < 0) problems.push("score weights must be >= 0");
  const split = params.emissionSplit.king + params.emissionSplit.runnerUp;
  if (params.emissionSplit.king < 0 || params.emissionSplit.runnerUp < 0 || split > 1 + 1e-12) {
    problems.push("emissionSplit shares must be >= 0 and sum to at most 1");
  }
  if (!/^[^@\s]+:[^@\s/]+@sha256:[0-9a-f]{64}$/.test(params.baseline.image))
    problems.push("baseline.image must be name:tag@sha256:<64 hex>");
  if (params.corpus.sha256 !== null && !/^[0-9a-f]{64}$/.test(params.corpus.sha256))
    problems.push("corpus.sha256 must be 64 hex or null");
  if (!/^[0-9a-f]{40}$/.test(params.baseline.weightsRevision))
    problems.push("baseline.weightsRevision must be a 40-hex commit");
  if (params.blocksPerDay * params.blockSeconds !== 86_400)
    problems.push("blocksPerDay × blockSeconds must be a day");
  return problems;
}
