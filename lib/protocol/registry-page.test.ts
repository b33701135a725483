import { describe, expect, it } from "vitest";
import { registryPageUrl } from "./registry-page";

describe("registryPageUrl", () => {
  it.each([
    ["docker.io/alice/fast-qwen:v3", "https://hub.docker.com/r/alice/fast-qwen"],
    ["alice/fast-qwen", "https://hub.docker.com/r/alice/fast-qwen"],
    ["index.docker.io/alice/fast-qwen:v3", "https://hub.docker.com/r/alice/fast-qwen"],
    ["vllm", "https://hub.docker.com/_/vllm"],
    ["docker.io/library/ubuntu:24.04", "https://hub.docker.com/_/ubuntu"],
    ["ghcr.io/team5/vllm-tuned:r5", "https://github.com/users/team5/packages/container/package/vllm-tuned"],
    ["ghcr.io/org/repo/server:v1", "https://github.com/users/org/packages/container/package/repo%2Fserver"],
    ["quay.io/acme/qwen-server:latest", "https://quay.io/repository/acme/qwen-server"],
    ["registry.gitlab.com/acme/infer:v2", "https://gitlab.com/acme/infer/container_registry"],
    ["public.ecr.aws/acme/qwen", "https://gallery.ecr.aws/acme/qwen"],
    [
      "nvcr.io/nvidia/tritonserver:24.01-py3",
      "https://catalog.ngc.nvidia.com/orgs/nvidia/containers/tritonserver",
    ],
    [`docker.io/alice/fast-qwen@sha256:${"a".repeat(64)}`, "https://hub.docker.com/r/alice/fast-qwen"],
  ])("links %s to %s", (image, url) => {
    expect(registryPageUrl(image)).toBe(url);
  });

  it.each([
    "registry.example.com:5000/team/model:v1",
    "localhost/x",
    "ghcr.io/onlyowner",
    "Not A Reference",
    "",
  ])("links nothing for %j (no known page, or not a reference)", (image) => {
    expect(registryPageUrl(image)).toBeNull();
  });
});
