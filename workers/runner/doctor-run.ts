import type { ApiClient } from "./api-client";
import type { RunnerConfig } from "./config";
import type { CheckResult } from "./doctor-checks";
import { formatDoctor, runDoctor, systemProbes } from "./doctor";
import { execCommand } from "./drivers/exec";

/** The doctor's checks on this pod with the real probes. */
export function doctorFor(config: RunnerConfig, api: ApiClient, hotkey: string): Promise<CheckResult[]> {
  const docker = execCommand(config.driver.kind === "docker" ? config.driver.bin : "docker");
  const probes = systemProbes({ docker, nvidiaSmi: execCommand("nvidia-smi"), api });
  return runDoctor(config, hotkey, probes);
}

/** The runner refuses to start on a failing check; the message is the doctor's report of the failures. */
export class DoctorFailed extends Error {
  constructor(readonly failures: readonly CheckResult[]) {
    super(`the pod is not ready (run \`runner doctor\` for the full report):\n${formatDoctor(failures)}`);
    this.name = "DoctorFailed";
  }
}
