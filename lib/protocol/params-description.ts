import type { ProtocolParams } from "./params";

export interface ParamDescription {
  /** Dotted path into ProtocolParams, e.g. "correctness.topK". */
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly explanation: string;
}

// Fixed locale so server and browser render the methodology page identically.
const num = (n: number): string => new Intl.NumberFormat("en-US", { maximumFractionDigits: 6 }).format(n);
const pct = (fraction: number): string => `${num(fraction * 100)} %`;
const ms = (n: number): string => (n >= 1000 ? `${num(n / 1000)} s` : `${num(n)} ms`);
const gb = (bytes: number): string => `${num(bytes / 1e9)} GB (${num(bytes)} bytes, SI)`;

const blocks = (p: ProtocolParams, n: number): string =>
  `${num(n)} blocks (${num((n * p.blockSeconds) / 3_600)} h)`;

type Row = [key: string, label: string, value: (p: ProtocolParams) => string, explanation: string];

const ROWS: readonly Row[] = [
  ["netuid", "Subnet", (p) => String(p.netuid), "The Bittensor subnet this explorer follows."],
  [
    "model",
    "Model",
    (p) => p.model,
    "Every submission serves this model; the baseline is vLLM serving the same one.",
  ],
  ["maxTokens", "Max tokens", (p) => num(p.maxTokens), "Output length cap of every benchmark request."],
  [
    "temperature",
    "Temperature",
    (p) => num(p.temperature),
    "Greedy decoding, so outputs can be compared token by token.",
  ],
  [
    "scoredPrompts",
    "Scored prompts",
    (p) => num(p.scoredPrompts),
    "Prompts whose timings count towards the score.",
  ],
  [
    "warmupPrompts",
    "Warm-up prompts",
    (p) => num(p.warmupPrompts),
    "Sent first and discarded, so cold caches do not count.",
  ],
  [
    "passes",
    "Passes",
    (p) => num(p.passes),
    "2: a timed speed pass, then a correctness pass with logprobs; 1: one streamed pass with logprobs for both.",
  ],
  [
    "verification",
    "Verification of the timed output",
    (p) => p.verification,
    "full: every token of the timed output is checked under the pinned baseline model, and its count is the throughput's numerator; first-divergence (V1): the timed text must equal the checked text up to its first divergence.",
  ],
  [
    "promptTimeoutMs",
    "Per-request timeout",
    (p) => ms(p.promptTimeoutMs),
    "A request slower than this fails the run (prompt_timeout).",
  ],
  [
    "healthPollMs",
    "Health poll interval",
    (p) => ms(p.healthPollMs),
    "How often the runner asks GET /health while the server starts.",
  ],
  [
    "healthTimeoutMs",
    "Health timeout",
    (p) => ms(p.healthTimeoutMs),
    "A server not healthy by then fails the run (health_timeout).",
  ],
  [
    "imageMaxBytes",
    "Image size cap",
    (p) => gb(p.imageMaxBytes),
    "Larger images are rejected from the registry manifest before pulling (image_too_large).",
  ],
  [
    "epsilon0",
    "Initial margin ε0",
    (p) => pct(p.epsilon0),
    "A challenger must beat the king's score by this fraction right after a coronation.",
  ],
  [
    "decayBlocks",
    "Margin decay",
    (p) => `${num(p.decayBlocks)} blocks (${num((p.decayBlocks * p.blockSeconds) / 86_400)} days)`,
    "The margin shrinks linearly to 0 over this many blocks after a coronation.",
  ],
  [
    "ttftWeight",
    "TTFT weight",
    (p) => num(p.ttftWeight),
    "Weight of the time-to-first-token improvement in the score.",
  ],
  [
    "throughputWeight",
    "Throughput weight",
    (p) => num(p.throughputWeight),
    "Weight of the throughput improvement in the score.",
  ],
  [
    "correctness.maxLogprobGap",
    "Max logprob gap",
    (p) => num(p.correctness.maxLogprobGap),
    "At the first divergence, the submission's top-1 logprob may exceed its logprob of the baseline's token by at most this.",
  ],
  [
    "correctness.topK",
    "Top-K",
    (p) => num(p.correctness.topK),
    "At the first divergence, the baseline's token must be among the submission's top K tokens.",
  ],
  [
    "onKingGone",
    "When the king deregisters",
    (p) => (p.onKingGone === "clear" ? "clear the throne" : "crown the best remaining"),
    "clear: no king until the next correct challenger with score > 0; best_remaining: the best correct submission still registered is crowned.",
  ],
  [
    "emissionSplit.king",
    "King's share",
    (p) => pct(p.emissionSplit.king),
    "Share of the miners' emission paid to the king's UID.",
  ],
  [
    "emissionSplit.runnerUp",
    "Runner-up's share",
    (p) => pct(p.emissionSplit.runnerUp),
    "Share of the miners' emission paid to the runner-up (0 in V1: winner takes all).",
  ],
  [
    "blockSeconds",
    "Block time",
    (p) => `${num(p.blockSeconds)} s`,
    "Target time between blocks, used to turn blocks into dates.",
  ],
  [
    "blocksPerDay",
    "Blocks per day",
    (p) => num(p.blocksPerDay),
    "The window of the per-day emission: the epochs the chain ran in the last this many blocks.",
  ],
  [
    "defaultTempo",
    "Default tempo",
    (p) => `${num(p.defaultTempo)} blocks`,
    "The subnet's tempo before the chain's is known; epochs themselves are read from the chain, never computed.",
  ],
  [
    "epistula.maxClockSkewMs",
    "Signature clock skew",
    (p) => ms(p.epistula.maxClockSkewMs),
    "A signed request whose timestamp is further than this from the server's clock, either side, is rejected.",
  ],
  [
    "epistula.ss58Prefix",
    "SS58 prefix",
    (p) => num(p.epistula.ss58Prefix),
    "Address format validators must sign with.",
  ],
  [
    "container.memoryBytes",
    "Container memory",
    (p) => gb(p.container.memoryBytes),
    "Memory limit of the submission's container; exceeding it is an oom failure.",
  ],
  [
    "container.cpus",
    "Container CPUs",
    (p) => num(p.container.cpus),
    "CPU limit of the submission's container.",
  ],
  [
    "container.pids",
    "Container PIDs",
    (p) => num(p.container.pids),
    "Process limit of the submission's container.",
  ],
  [
    "container.port",
    "Server port",
    (p) => String(p.container.port),
    "The port the submission's OpenAI-compatible server must listen on.",
  ],
  [
    "container.weightsMount",
    "Weights mount",
    (p) => p.container.weightsMount,
    "Read-only path where the model weights are mounted.",
  ],
  [
    "baseline.engine",
    "Baseline engine",
    (p) => p.baseline.engine,
    "The reference server every submission is measured against, on the same pod.",
  ],
  [
    "baseline.image",
    "Baseline image",
    (p) => p.baseline.image,
    "The pinned vLLM image, by digest; a runner with another image refuses to post.",
  ],
  [
    "baseline.weightsRepo",
    "Weights",
    (p) => p.baseline.weightsRepo,
    "The Hugging Face repository of the model weights, mounted read-only for the baseline and every submission.",
  ],
  [
    "baseline.weightsRevision",
    "Weights revision",
    (p) => p.baseline.weightsRevision,
    "The commit the weights are pinned at; the runner reads it from the Hugging Face download metadata and refuses to post on another.",
  ],
  [
    "baseline.maxModelLen",
    "Baseline context length",
    (p) => `${num(p.baseline.maxModelLen)} tokens`,
    "vLLM's --max-model-len: prompt and output together.",
  ],
  [
    "baseline.generationConfig",
    "Baseline generation config",
    (p) => p.baseline.generationConfig,
    "vLLM's --generation-config: \"vllm\" ignores the checkpoint's generation_config.json (its repetition penalty), so temperature 0 is plain greedy decoding.",
  ],
  [
    "baseline.tensorParallelSize",
    "Baseline tensor parallelism",
    (p) =>
      p.baseline.tensorParallelSize === "gpu-count" ? "every GPU of the pod" : p.baseline.tensorParallelSize,
    "vLLM's --tensor-parallel-size: the baseline is split across all the GPUs a submission gets.",
  ],
  [
    "corpus.dataset",
    "Prompt corpus",
    (p) => p.corpus.dataset,
    "The books the prompts' passages are drawn from, placed in the project's literary-analysis templates by the round's seed.",
  ],
  [
    "corpus.revision",
    "Corpus revision",
    (p) => p.corpus.revision,
    "The dataset revision the corpus is pinned at.",
  ],
  ["corpus.split", "Corpus split", (p) => p.corpus.split, "The split of the dataset whose books are used."],
  [
    "corpus.sha256",
    "Corpus identity",
    (p) => p.corpus.sha256 ?? "not pinned yet",
    "sha256 over every book's path and content hash; in each job's seed and each posted run, and checked by the runner before use. Until it is pinned no runner posts to a public network; the shipped demo corpus is accepted only by a demo network.",
  ],
  [
    "scoreRoundingTolerance",
    "Score tolerance",
    (p) => String(p.scoreRoundingTolerance),
    "A posted score may differ from the explorer's recomputation by at most this (absolute), else the run is rejected.",
  ],
  [
    "agreementTolerance",
    "Agreement tolerance",
    (p) => pct(p.agreementTolerance),
    "A validator agrees with the consensus when its score is this close to it (display only).",
  ],
  [
    "quorum",
    "Quorum",
    (p) => pct(p.quorum),
    "A verdict is final once validators holding this share of the active validators' stake have a counted run for it.",
  ],
  [
    "activeWindowBlocks",
    "Active window",
    (p) => blocks(p, p.activeWindowBlocks),
    "A permitted validator is active if it posted a counted run for any submission within this window; only active validators' stake makes up the quorum.",
  ],
  [
    "quorumTimeoutBlocks",
    "Quorum timeout",
    (p) => blocks(p, p.quorumTimeoutBlocks),
    "Without quorum, a verdict becomes final this long after its first counted run, from the counted runs it has by then.",
  ],
  [
    "maxJudgeWaitBlocks",
    "Longest judging wait",
    (p) => blocks(p, p.maxJudgeWaitBlocks),
    "A final submission is judged after every earlier-committed one, but waits for one that is not final at most this long.",
  ],
];

/** A human-readable list of the parameters for the methodology page, in a stable order. */
export function describeParams(params: ProtocolParams): ParamDescription[] {
  return ROWS.map(([key, label, value, explanation]) => ({ key, label, value: value(params), explanation }));
}
