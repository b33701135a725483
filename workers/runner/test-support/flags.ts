// Test support: the flags of a runner on a 4-GPU pod with the docker driver, as its tests start it (the
// baseline is the protocol's pinned one, the default).
import { DEFAULT_PARAMS } from "@/lib/protocol/params";

export const BASELINE_DIGEST = DEFAULT_PARAMS.baseline.image.split("@")[1] as string;

export const POD_FLAGS: readonly string[] = [
  "--api-url",
  "http://127.0.0.1:3000/",
  "--weights",
  "/data/qwen",
  "--gpu-model",
  "NVIDIA H200",
  "--gpu-count",
  "4",
  "--gpu-driver",
  "550.90",
];
