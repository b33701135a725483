import { ApiClient } from "./api-client";
import type { RunnerConfig } from "./config";
import { formatDoctor } from "./doctor";
import { doctorFor } from "./doctor-run";
import { loadHotkey } from "./wallet";

/** `runner doctor`: prints every check and what to do; the exit code is 1 when any check failed. */
export async function doctor(config: RunnerConfig): Promise<number> {
  const pair = await loadHotkey(config.identity);
  const api = new ApiClient({ baseUrl: config.apiUrl, signer: pair, signedFor: config.signedFor });
  const results = await doctorFor(config, api, pair.address);
  console.log(formatDoctor(results));
  const failed = results.filter((r) => r.status === "fail").length;
  console.log(failed === 0 ? "\nready" : `\n${failed} check${failed === 1 ? "" : "s"} failed`);
  return failed === 0 ? 0 : 1;
}
