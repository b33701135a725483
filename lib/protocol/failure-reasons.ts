import type { CommitmentRejection } from "./commitment";

// Listed in pipeline order: consensus breaks a stake tie between failure reasons by the earliest stage.
export const RUN_FAILURE_REASONS = [
  "image_too_large",
  "pull_failed",
  "container_crashed",
  "oom",
  "health_timeout",
  "prompt_timeout",
  "api_noncompliant",
  "correctness_failed",
  "unverified_output",
  "speed_pass_mismatch",
  "runner_error",
] as const;
export type RunFailureReason = (typeof RUN_FAILURE_REASONS)[number];

/** Verdicts the explorer itself gives. */
export const EXPLORER_REASONS = ["duplicate", "ignored", "zero_score", "deregistered"] as const;
export type ExplorerReason = (typeof EXPLORER_REASONS)[number];

export type FailureCode = RunFailureReason | ExplorerReason | CommitmentRejection;

export interface FailureReasonInfo {
  readonly title: string;
  /** Plain words for the miner. */
  readonly explanation: string;
  readonly whatToCheck: string;
  /** False only where the cause lies with a validator, not with the miner's submission. */
  readonly countsAgainstMiner: boolean;
}

export const FAILURE_REASONS: { readonly [code in FailureCode]: FailureReasonInfo } = {
  image_too_large: {
    title: "Image too large",
    explanation: "The image's manifest says it is larger than 20 GB, so it was not pulled.",
    whatToCheck: "Do not bake model weights into the image: they are mounted read-only at /models.",
    countsAgainstMiner: true,
  },
  pull_failed: {
    title: "Pull failed",
    explanation: "The validator could not pull the image at the committed digest.",
    whatToCheck:
      "The repository is public, the digest is the manifest digest (not a layer's), and it still exists.",
    countsAgainstMiner: true,
  },
  container_crashed: {
    title: "Container crashed",
    explanation: "The server exited before or during the benchmark.",
    whatToCheck: "Run the image locally with the weights at /models and read the log tail below.",
    countsAgainstMiner: true,
  },
  oom: {
    title: "Out of memory",
    explanation: "The container was killed for exceeding its memory limit (200 GB of host memory).",
    whatToCheck: "Host-side buffers and caches; GPU memory is separate from this limit.",
    countsAgainstMiner: true,
  },
  health_timeout: {
    title: "Health check timed out",
    explanation: "GET /health did not answer 200 within 10 minutes of the container starting.",
    whatToCheck: "The server listens on 0.0.0.0:8000 and serves /health once the model is loaded.",
    countsAgainstMiner: true,
  },
  prompt_timeout: {
    title: "Request timed out",
    explanation: "A chat completion took longer than 120 seconds.",
    whatToCheck: "Long-context prompts with max_tokens 256 on the pod's GPUs; a stuck scheduler or batch.",
    countsAgainstMiner: true,
  },
  api_noncompliant: {
    title: "Not OpenAI-compatible",
    explanation: "A response was not valid OpenAI JSON or server-sent events.",
    whatToCheck: "POST /v1/chat/completions with stream, logprobs and top_logprobs 5, as vLLM answers it.",
    countsAgainstMiner: true,
  },
  correctness_failed: {
    title: "Output differs from the baseline",
    explanation:
      "At the first token where a prompt's output differed from vLLM's, the difference was larger than " +
      "greedy-decoding noise allows.",
    whatToCheck:
      "Quantization or kernels that change the model's choices; the recorded prompt, position and logprobs.",
    countsAgainstMiner: true,
  },
  unverified_output: {
    title: "Timed output not verified",
    explanation:
      "A token of the text served while being timed is not one the pinned baseline model would choose there: it is " +
      "outside the baseline's top-5 at that position, or more than 0.5 below its most likely token. Near-ties are " +
      "tolerated; a token the model would not produce, or a stop it would not make, is not.",
    whatToCheck:
      "Serve the timed requests with the same model and decoding as the checked ones; the position, the token and " +
      "the baseline's top-5 there are shown for the first prompt that failed.",
    countsAgainstMiner: true,
  },
  speed_pass_mismatch: {
    title: "Timed output differs from checked output",
    explanation:
      "The text served while being timed was not the text served while being checked for correctness.",
    whatToCheck: "Streaming and non-streaming, with and without logprobs, must produce the same tokens.",
    countsAgainstMiner: true,
  },
  runner_error: {
    title: "Validator error",
    explanation: "The validator's own runner failed; this says nothing about your submission.",
    whatToCheck: "Nothing on your side: the run is shown but not counted, and another run will be made.",
    countsAgainstMiner: false,
  },
  duplicate: {
    title: "Copy of an earlier submission",
    explanation:
      "The image digest equals the digest of a submission another hotkey committed earlier. A copy is never crowned and scores 0 on the board; its measured figures stay on its page.",
    whatToCheck: "Submit your own image: copies are disqualified, whichever evaluation finishes first.",
    countsAgainstMiner: true,
  },
  ignored: {
    title: "Ignored: one submission per hotkey",
    explanation:
      "This hotkey already has a submission; later different commitments are recorded but not run.",
    whatToCheck: "To submit a new image, register a new hotkey.",
    countsAgainstMiner: true,
  },
  zero_score: {
    title: "No improvement",
    explanation:
      "The run was correct but not faster than the vLLM baseline, so its score is 0 and it cannot be crowned.",
    whatToCheck: "Median time to first token and median throughput against the baseline's, per prompt.",
    countsAgainstMiner: true,
  },
  deregistered: {
    title: "Hotkey deregistered",
    explanation:
      "The hotkey lost its UID before or while the submission was the king, so it cannot hold the throne.",
    whatToCheck:
      "Registration and immunity period of the hotkey; a new registration starts with a new submission.",
    countsAgainstMiner: true,
  },
  empty: {
    title: "Empty commitment",
    explanation: "The commitment contains no text.",
    whatToCheck: 'Commit {"image": "<registry/repo:tag>", "digest": "sha256:<64 hex>"}.',
    countsAgainstMiner: true,
  },
  not_utf8: {
    title: "Not UTF-8",
    explanation: "The commitment's bytes are not valid UTF-8 text.",
    whatToCheck: "Commit the JSON text itself, not an encoded or binary form of it.",
    countsAgainstMiner: true,
  },
  too_long: {
    title: "Commitment too long",
    explanation: "The commitment is longer than 1024 bytes.",
    whatToCheck: "Commit only the image reference and the digest.",
    countsAgainstMiner: true,
  },
  bad_json: {
    title: "Invalid JSON",
    explanation: "The commitment starts like JSON but is not a valid JSON object.",
    whatToCheck: "Quotes, commas and braces; the commitment must be one object.",
    countsAgainstMiner: true,
  },
  missing_field: {
    title: "Missing field",
    explanation: 'The commitment lacks a non-empty "image" or "digest".',
    whatToCheck: "Both fields are strings; the digest pins the exact image.",
    countsAgainstMiner: true,
  },
  bad_digest: {
    title: "Invalid digest",
    explanation: 'The digest is not "sha256:" followed by 64 lowercase hexadecimal characters.',
    whatToCheck: "Use the manifest digest shown by `docker buildx imagetools inspect`, in lowercase.",
    countsAgainstMiner: true,
  },
  unknown_registry_form: {
    title: "Invalid image reference",
    explanation: "The image is not a valid Docker reference.",
    whatToCheck: "[registry[:port]/]lowercase/path[:tag], with no spaces or uppercase in the path.",
    countsAgainstMiner: true,
  },
};

/** Plain-words information for a code, or null for a code this explorer does not know. */
export function describeFailure(code: string): FailureReasonInfo | null {
  return Object.hasOwn(FAILURE_REASONS, code) ? FAILURE_REASONS[code as FailureCode] : null;
}
