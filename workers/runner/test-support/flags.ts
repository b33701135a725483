// Test support: the flags of a runner on a 4-GPU pod with the docker driver, as its tests start it.

export const BASELINE_DIGEST = `sha256:${"a".repeat(64)}`;

export const POD_FLAGS: readonly string[] = [
  "--api-url",
  "http://127.0.0.1:3000/",
  "--baseline-image",
  `vllm/vllm-openai:v0.9.1@${BASELINE_DIGEST}`,
  "--weights",
  "/data/qwen",
  "--gpu-model",
  "NVIDIA H200",
  "--gpu-count",
  "4",
  "--gpu-driver",
  "550.90",
];
