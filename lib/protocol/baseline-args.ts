import type { ProtocolParams } from "./params";

// The pinned baseline's vLLM command line, built from the parameters so every validator starts the same
// server. The flags are vLLM's own (vllm/config/model.py ModelConfig and vllm/config/parallel.py
// ParallelConfig, exposed by vllm/engine/arg_utils.py as `--<field-name>`):
// - `--generation-config vllm`: "no generation config is loaded, vLLM defaults will be used" (ModelConfig
//   .generation_config); the default "auto" would apply the checkpoint's generation_config.json.
// - `--max-model-len`: the context length (prompt and output); unset, vLLM derives it from config.json.
// - `--tensor-parallel-size`: the number of GPUs the model is split across.
// - `--served-model-name`: the name the OpenAI API answers to (requests name the protocol's model).

/** The arguments after the image, for a pod evaluating on `gpuCount` GPUs. */
export function pinnedBaselineArgs(params: ProtocolParams, gpuCount: number): string[] {
  const b = params.baseline;
  return [
    "--model",
    params.container.weightsMount,
    "--served-model-name",
    params.model,
    "--tensor-parallel-size",
    String(gpuCount),
    "--max-model-len",
    String(b.maxModelLen),
    "--generation-config",
    b.generationConfig,
    "--port",
    String(params.container.port),
    "--host",
    "0.0.0.0",
  ];
}

/** The version label of the pinned image: its tag (`v0.14.0`). */
export function baselineVersion(image: string): string {
  const name = image.split("@")[0] ?? image;
  const colon = name.lastIndexOf(":");
  return colon > name.lastIndexOf("/") ? name.slice(colon + 1) : "unknown";
}
