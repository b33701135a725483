#!/usr/bin/env bash
# The runner on a real GPU, end to end: a real vLLM image evaluated against itself as the pinned baseline,
# with a small model so one GPU suffices. Prints the runner's outcome (TTFT, throughput, correctness, score);
# vLLM against itself should pass correctness with a score near 0.
#
# Needs: an NVIDIA GPU, Docker with the NVIDIA Container Toolkit, network access (the vLLM image, the model,
# registry:2), Node 20+ and this repository with `npm ci` done. CI never runs it.
#
#   bash scripts/gpu-check.sh                     # defaults below
#   VLLM_IMAGE=vllm/vllm-openai:v0.9.1 MODEL=Qwen/Qwen2.5-0.5B-Instruct bash scripts/gpu-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

VLLM_IMAGE=${VLLM_IMAGE:-vllm/vllm-openai:v0.9.1}
MODEL=${MODEL:-Qwen/Qwen2.5-0.5B-Instruct}
WORK=${WORK:-/tmp/cacheon-gpu-check}
REGISTRY_PORT=${REGISTRY_PORT:-5055}
REGISTRY="localhost:${REGISTRY_PORT}"
SERVED_NAME="Qwen2.5-72B-Instruct"   # the name every request asks for (lib/protocol/params)
VLLM_ARGS=(--model /models --served-model-name "$SERVED_NAME" --tensor-parallel-size 1 --port 8000
  --host 0.0.0.0 --generation-config vllm --max-model-len 8192)

step() { printf '\n==> %s\n' "$*"; }
mkdir -p "$WORK/weights" "$WORK/cache"

step "GPU and Docker"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
docker version --format 'Docker {{.Server.Version}}'

step "vLLM image $VLLM_IMAGE, pinned by digest"
docker pull --quiet "$VLLM_IMAGE" >/dev/null
VLLM_PINNED=$(docker image inspect --format '{{index .RepoDigests 0}}' "$VLLM_IMAGE")
echo "$VLLM_PINNED"

step "Model $MODEL into $WORK/weights"
if [ ! -f "$WORK/weights/config.json" ]; then
  docker run --rm --entrypoint huggingface-cli -v "$WORK/weights:/weights" "$VLLM_PINNED" \
    download "$MODEL" --local-dir /weights
fi
ls "$WORK/weights" | head -20

step "A local registry with the 'miner' image: the same vLLM, configured to serve the model by itself"
docker rm -f cacheon-gpu-check-registry >/dev/null 2>&1 || true
docker run -d --name cacheon-gpu-check-registry -p "127.0.0.1:${REGISTRY_PORT}:5000" registry:2 >/dev/null
trap 'docker rm -f cacheon-gpu-check-registry >/dev/null 2>&1 || true' EXIT
# A miner image runs its own entrypoint: vLLM's, with the arguments as its CMD.
cmd=$(printf '"%s",' "${VLLM_ARGS[@]}")
printf 'FROM %s\nCMD [%s]\n' "$VLLM_PINNED" "${cmd%,}" | docker build --quiet -t "$REGISTRY/gpu-check/vllm:self" - >/dev/null
docker push --quiet "$REGISTRY/gpu-check/vllm:self" >/dev/null
MINER_DIGEST=$(docker image inspect --format '{{index .RepoDigests 0}}' "$REGISTRY/gpu-check/vllm:self" | cut -d@ -f2)
echo "$REGISTRY/gpu-check/vllm:self@$MINER_DIGEST"

step "runner doctor"
node --import tsx workers/runner/main.ts doctor --api-url http://127.0.0.1:9 --dev-uri //GpuCheck \
  --baseline-image "$VLLM_PINNED" --weights "$WORK/weights" --gpu-count 1 || true

step "runner evaluate: the image against the pinned baseline (TTFT, throughput, outcome)"
node --import tsx workers/runner/main.ts evaluate \
  --image "$REGISTRY/gpu-check/vllm:self@$MINER_DIGEST" \
  --baseline-image "$VLLM_PINNED" --baseline-args "${VLLM_ARGS[*]}" \
  --weights "$WORK/weights" --gpu-count 1 --insecure-registries "$REGISTRY" \
  --cache-dir "$WORK/cache" --log-level info
