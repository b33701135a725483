import { describe, expect, it } from "vitest";

import { SHIPPED_CORPUS_SHA256 } from "@/lib/protocol/corpus";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";

import { loadConfig, type RunnerConfig } from "./config";
import { runDoctor, type DoctorProbes } from "./doctor";
import { dockerVersionProblem, type CheckResult } from "./doctor-checks";
import { POD_FLAGS } from "./test-support/flags";

// The doctor against fakes of each failure a validator's pod can have: every check must say what is wrong
// and what to do, and a healthy pod must pass them all.

const config = loadConfig([...POD_FLAGS], {});
// The tests pin a corpus identity (the protocol's is not pinned yet) so a healthy pod passes every check.
const PINNED_CORPUS = "7".repeat(64);
const PARAMS = { ...DEFAULT_PARAMS, corpus: { ...DEFAULT_PARAMS.corpus, sha256: PINNED_CORPUS } };
const doctor = (c: RunnerConfig, probes: DoctorProbes) => runDoctor(c, "5Vali", probes, PARAMS);
const SHARDS = ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"];

function healthy(): DoctorProbes {
  return {
    dockerVersion: async () => "27.3.1",
    dockerRuntimes: async () => ["io.containerd.runc.v2", "nvidia", "runc"],
    gpus: async () =>
      [0, 1, 2, 3].map((index) => ({ index, name: "NVIDIA H200", memoryUsedMiB: 1, processes: 0 })),
    weightsFiles: async () => ["config.json", "tokenizer.json", "model.safetensors.index.json", ...SHARDS],
    weightsIndexShards: async () => SHARDS,
    weightsRevision: async () => ({
      revision: DEFAULT_PARAMS.baseline.weightsRevision,
      source: "download metadata of 5 files",
    }),
    corpusSha256: async () => PINNED_CORPUS,
    dockerFreeBytes: async () => 2e12,
    explorer: async () => ({
      reachable: true,
      error: null,
      clockOffsetMs: 300,
      jobsStatus: 200,
      jobsMessage: "",
    }),
    imagePresent: async () => true,
  };
}

const check = (results: CheckResult[], name: string) => {
  const found = results.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no check named ${name}`);
  return found;
};

describe("runDoctor", () => {
  it("passes a healthy pod on every check", async () => {
    const results = await doctor(config, healthy());
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(results.map((r) => r.name)).toEqual([
      "Docker Engine",
      "NVIDIA container runtime",
      "GPUs",
      "model weights",
      "weights revision",
      "pinned baseline",
      "free disk",
      "baseline image",
      "prompt corpus",
      "explorer",
      "clock offset",
      "validator permit",
    ]);
  });

  const faults: [string, string, Partial<DoctorProbes>, RegExp][] = [
    ["no Docker", "Docker Engine", { dockerVersion: async () => null }, /install Docker/],
    [
      "a Docker with the DNS leak",
      "Docker Engine",
      { dockerVersion: async () => "24.0.9" },
      /CVE-2024-29018/,
    ],
    ["no NVIDIA runtime", "NVIDIA container runtime", { dockerRuntimes: async () => ["runc"] }, /nvidia-ctk/],
    [
      "fewer GPUs than --gpu-count",
      "GPUs",
      { gpus: async () => [{ index: 0, name: "H200", memoryUsedMiB: 0, processes: 0 }] },
      /set --gpu-count/,
    ],
    [
      "a GPU busy with another process",
      "GPUs",
      {
        gpus: async () =>
          [0, 1, 2, 3].map((index) => ({
            index,
            name: "H200",
            memoryUsedMiB: index === 2 ? 70_000 : 0,
            processes: index === 2 ? 1 : 0,
          })),
      },
      /GPU 2/,
    ],
    ["no weights", "model weights", { weightsFiles: async () => null }, /download the model/],
    [
      "a shard missing",
      "model weights",
      {
        weightsFiles: async () => [
          "config.json",
          "tokenizer.json",
          "model.safetensors.index.json",
          SHARDS[0] as string,
        ],
      },
      /download the complete checkpoint/,
    ],
    [
      "a one-file checkpoint without its weights",
      "model weights",
      { weightsFiles: async () => ["config.json", "tokenizer.json"] },
      /safetensors/,
    ],
    [
      "weights of another revision",
      "weights revision",
      { weightsRevision: async () => ({ revision: "1".repeat(40), source: "download metadata of 5 files" }) },
      /huggingface-cli download Qwen\/Qwen2.5-72B-Instruct --revision 495f3936/,
    ],
    [
      "weights copied without their download metadata",
      "weights revision",
      {
        weightsRevision: async () => ({
          revision: null,
          source: "no Hugging Face download metadata for config.json",
        }),
      },
      /--local-dir \/data\/qwen/,
    ],
    [
      "a corpus that is not the pinned one",
      "prompt corpus",
      { corpusSha256: async () => "9".repeat(64) },
      /download the deepmind\/pg19 test split at revision dd75f494\w* with `runner corpus download --dir DIR` and point --corpus at DIR/,
    ],
    ["a full disk", "free disk", { dockerFreeBytes: async () => 30e9 }, /docker image prune/],
    [
      "the baseline not pulled",
      "baseline image",
      { imagePresent: async () => false },
      /docker pull vllm\/vllm-openai/,
    ],
    [
      "an unreachable explorer",
      "explorer",
      {
        explorer: async () => ({
          reachable: false,
          error: "ECONNREFUSED",
          clockOffsetMs: null,
          jobsStatus: null,
          jobsMessage: "",
        }),
      },
      /--api-url/,
    ],
    [
      "a clock 9 s behind",
      "clock offset",
      {
        explorer: async () => ({
          reachable: true,
          error: null,
          clockOffsetMs: 9_000,
          jobsStatus: 200,
          jobsMessage: "",
        }),
      },
      /synchronise the clock/,
    ],
    [
      "a hotkey without a permit",
      "validator permit",
      {
        explorer: async () => ({
          reachable: true,
          error: null,
          clockOffsetMs: 0,
          jobsStatus: 403,
          jobsMessage: "not_a_validator",
        }),
      },
      /validator permit/,
    ],
  ];

  it.each(faults)("fails %s and says what to do", async (_what, name, fault, fix) => {
    const results = await doctor(config, { ...healthy(), ...fault });
    const found = check(results, name);
    expect(found.status).toBe("fail");
    expect(`${found.detail} ${found.fix}`).toMatch(fix);
    expect(results.filter((r) => r.status === "fail")).toHaveLength(1);
  });

  it("names a clock offset as such, with its direction", async () => {
    const results = await doctor(config, {
      ...healthy(),
      explorer: async () => ({
        reachable: true,
        error: null,
        clockOffsetMs: -3_200,
        jobsStatus: 200,
        jobsMessage: "",
      }),
    });
    expect(check(results, "clock offset")).toMatchObject({
      status: "warn",
      detail: expect.stringMatching(/3\.2 s ahead/),
    });
  });

  it("checks only the explorer, the clock and the permit with the process driver", async () => {
    const processConfig = loadConfig(
      ["--api-url", "http://x", "--driver", "process", "--process-command", "node s.js"],
      { RUNNER_GPU_MODEL: "CPU", RUNNER_GPU_COUNT: "1", RUNNER_GPU_DRIVER: "none" },
    );
    const results = await doctor(processConfig, {
      ...healthy(),
      dockerVersion: async () => null,
    });
    expect(results.map((r) => r.name)).toEqual([
      "prompt corpus",
      "explorer",
      "clock offset",
      "validator permit",
    ]);
  });
});

it("names each way the configured baseline differs from the pinned one", async () => {
  const other = loadConfig(
    [
      ...POD_FLAGS,
      "--baseline-image",
      `vllm/vllm-openai:v0.9.1@sha256:${"b".repeat(64)}`,
      "--baseline-args=--model /models --served-model-name Qwen2.5-72B-Instruct --tensor-parallel-size 2 --port 8000 --host 0.0.0.0 --enforce-eager",
    ],
    {},
  );
  const found = check(await doctor(other, healthy()), "pinned baseline");
  expect(found.status).toBe("fail");
  for (const difference of [
    /baseline image: vllm\/vllm-openai:v0.9.1@sha256:b{64}, pinned vllm\/vllm-openai:v0.14.0@/,
    /vLLM flag --tensor-parallel-size: 2, pinned 4/,
    /vLLM flag --max-model-len: missing, pinned 32768/,
    /vLLM flag --generation-config: missing, pinned vllm/,
    /vLLM flag --enforce-eager: not pinned/,
  ])
    expect(found.detail).toMatch(difference);
});

it("warns of the shipped corpus: only a demo network's jobs use it", async () => {
  const results = await doctor(config, {
    ...healthy(),
    corpusSha256: async () => SHIPPED_CORPUS_SHA256,
  });
  expect(check(results, "prompt corpus")).toMatchObject({
    status: "warn",
    detail: expect.stringMatching(/the shipped demo corpus/),
  });
});

it("passes a small model's one-file checkpoint", async () => {
  const results = await doctor(config, {
    ...healthy(),
    weightsFiles: async () => ["config.json", "tokenizer.json", "model.safetensors"],
    weightsIndexShards: async () => null,
  });
  expect(check(results, "model weights").status).toBe("pass");
});

describe("dockerVersionProblem", () => {
  it.each([
    ["23.0.10", /CVE-2024-29018/],
    ["23.0.11", null],
    ["24.0.9", /CVE-2024-29018/],
    ["25.0.0", /47329/],
    ["25.0.3", /47329/],
    ["25.0.4", /CVE-2024-29018/],
    ["25.0.5", null],
    ["26.0.0", null],
    ["28.1.1", null],
  ])("%s", (version, problem) => {
    const found = dockerVersionProblem(version);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
