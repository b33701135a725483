import os from "node:os";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { ConfigError, loadConfig } from "./config";
import { BASELINE_DIGEST, POD_FLAGS } from "./test-support/flags";

const DIGEST = BASELINE_DIGEST;
const base = [...POD_FLAGS];

describe("loadConfig", () => {
  it("reads flags, fills defaults from the protocol parameters, the pinned baseline among them", () => {
    const c = loadConfig([...base, "--wallet", "v", "--hotkey", "h", "--once"], {});
    expect(c.apiUrl).toBe("http://127.0.0.1:3000");
    expect(c.identity).toMatchObject({ kind: "wallet", wallet: "v", hotkey: "h" });
    expect(c.baseline).toMatchObject({
      image: "vllm/vllm-openai:v0.14.0",
      digest: DIGEST,
      version: "v0.14.0",
    });
    expect(c.baseline.args.join(" ")).toContain(
      "--tensor-parallel-size 4 --max-model-len 32768 --generation-config vllm",
    );
    expect(c.timeouts).toEqual({ promptMs: 120_000, healthMs: 600_000, healthPollMs: 5_000 });
    expect(c.driver).toMatchObject({ kind: "docker", network: "cacheon-eval" });
    expect(c.once).toBe(true);
  });

  it("takes bittensor's wallet flags and BT_WALLET_* variables, the runner's own names winning", () => {
    const flags = loadConfig(
      [...base, "--wallet.name", "vali", "--wallet.hotkey", "hk", "--wallet.path", "~/wallets"],
      {},
    );
    expect(flags.identity).toEqual({
      kind: "wallet",
      wallet: "vali",
      hotkey: "hk",
      walletsDir: path.join(os.homedir(), "wallets"),
    });
    const variables = loadConfig(base, {
      BT_WALLET_NAME: "vali",
      BT_WALLET_HOTKEY: "hk",
      BT_WALLET_PATH: "/srv/wallets",
    });
    expect(variables.identity).toEqual({
      kind: "wallet",
      wallet: "vali",
      hotkey: "hk",
      walletsDir: "/srv/wallets",
    });
    const both = loadConfig([...base, "--wallet", "ours", "--wallet.name", "theirs"], {
      RUNNER_HOTKEY: "ours",
      BT_WALLET_HOTKEY: "theirs",
    });
    expect(both.identity).toMatchObject({ wallet: "ours", hotkey: "ours" });
  });

  it("falls back to RUNNER_* variables, a flag winning over its variable", () => {
    const c = loadConfig(["--api-url", "http://a:1"], {
      RUNNER_API_URL: "http://ignored:2",
      RUNNER_DEV_URI: "//Validator1",
      RUNNER_BASELINE_IMAGE: `vllm@${DIGEST}`,
      RUNNER_DRIVER: "process",
      RUNNER_PROCESS_COMMAND: "node server.js --port {port}",
      RUNNER_HEALTH_TIMEOUT_MS: "1500",
      RUNNER_GPU_MODEL: "CPU",
      RUNNER_GPU_COUNT: "1",
      RUNNER_GPU_DRIVER: "none",
    });
    expect(c.apiUrl).toBe("http://a:1");
    expect(c.identity).toEqual({ kind: "uri", uri: "//Validator1" });
    expect(c.driver).toEqual({ kind: "process", command: "node server.js --port {port}" });
    expect(c.timeouts.healthMs).toBe(1500);
  });

  it("asks nvidia-smi only for what was not given", () => {
    const withoutGpu = base.slice(0, 4);
    const c = loadConfig(withoutGpu, {}, () => ({ model: "NVIDIA H200", count: 4, driver: "550" }));
    expect(c.gpu).toEqual({ model: "NVIDIA H200", count: 4, driver: "550" });
  });

  it("names every bad or missing setting with its flag and variable", () => {
    let error: unknown;
    try {
      loadConfig(["--driver", "process", "--prompt-timeout-ms", "soon"], {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const expected of [
      "--api-url (RUNNER_API_URL)",
      "--gpu-model (RUNNER_GPU_MODEL)",
      "--prompt-timeout-ms (RUNNER_PROMPT_TIMEOUT_MS)",
      "usage:",
    ])
      expect(message).toContain(expected);
  });

  it("takes another baseline image and flags when told (the runner then refuses to post)", () => {
    const c = loadConfig([...base, "--baseline-image", `vllm/vllm-openai:v0.9.1@sha256:${"b".repeat(64)}`], {
      RUNNER_BASELINE_ARGS: "--model /models --tensor-parallel-size {gpuCount}",
    });
    expect(c.baseline).toMatchObject({ image: "vllm/vllm-openai:v0.9.1", version: "v0.9.1" });
    expect(c.baseline.args).toEqual(["--model", "/models", "--tensor-parallel-size", "4"]);
  });

  it("refuses an unknown flag", () => {
    expect(() => loadConfig([...base, "--turbo"], {})).toThrow(ConfigError);
  });
});
