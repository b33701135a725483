import { execFileSync } from "node:child_process";

import type { GpuInfo } from "./config";

/** The pod's GPUs from nvidia-smi, or null where there is none (CPU machines, tests). */
export function detectGpu(): GpuInfo {
  try {
    const out = execFileSync("nvidia-smi", ["--query-gpu=name,driver_version", "--format=csv,noheader"], {
      encoding: "utf8",
      timeout: 10_000,
      stdio: ["ignore", "pipe", "ignore"],
    });
    const rows = out
      .trim()
      .split("\n")
      .map((line) => line.split(",").map((s) => s.trim()));
    const [name, driver] = rows[0] ?? [];
    if (name === undefined || driver === undefined || name === "") return null;
    return { model: name, count: rows.length, driver };
  } catch {
    return null;
  }
}
