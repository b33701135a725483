import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import { ApiUnreachable, type ApiClient } from "./api-client";
import type { RunnerConfig } from "./config";
import {
  checkBaselineImage,
  checkBaselineSetup,
  checkClock,
  checkCorpus,
  checkDisk,
  checkDocker,
  checkExplorer,
  checkGpus,
  checkNvidiaRuntime,
  checkPermit,
  checkWeights,
  checkWeightsRevision,
  notChecked,
  type CheckResult,
  type ExplorerProbe,
  type GpuStatus,
} from "./doctor-checks";
import { loadCorpus } from "@/workers/runner/engine/corpus";
import { SHIPPED_CORPUS_SHA256 } from "@/lib/protocol/corpus";
import { paramsAt, type ProtocolParams } from "@/lib/protocol/params";

import { pinnedSetup, setupDifferences } from "./baseline-setup";
import { dockerFreeBytes } from "./drivers/docker";
import type { Exec } from "./drivers/exec";
import { readWeightsRevision, type WeightsRevision } from "./weights-revision";

// `runner doctor`: the pod checked once before any job, by the operator or by the loop at start. The probes
// do the I/O (docker, nvidia-smi, the weights folder, the explorer) and are injected, so each failure is
// tested against a fake; doctor-checks.ts judges what they found.

export interface DoctorProbes {
  dockerVersion(): Promise<string | null>;
  dockerRuntimes(): Promise<string[] | null>;
  gpus(): Promise<GpuStatus[] | null>;
  /** The folder's file names, or null when it cannot be read. */
  weightsFiles(folder: string): Promise<string[] | null>;
  /** The shard files the checkpoint's safetensors index names, or null. */
  weightsIndexShards(folder: string): Promise<string[] | null>;
  /** The corpus identity of a folder (lib/eval/corpus.ts), or null when it holds no books. */
  corpusSha256(folder: string): Promise<string | null>;
  /** The commit the weights were downloaded at. */
  weightsRevision(folder: string): Promise<WeightsRevision>;
  dockerFreeBytes(): Promise<number | null>;
  explorer(): Promise<ExplorerProbe>;
  imagePresent(pinned: string): Promise<boolean>;
}

/** `params`: the parameters a job seeded now is judged by (the last version). */
export async function runDoctor(
  config: RunnerConfig,
  hotkey: string,
  probes: DoctorProbes,
  params: ProtocolParams = paramsAt(Number.MAX_SAFE_INTEGER),
): Promise<CheckResult[]> {
  const explorer = await probes.explorer();
  const common = [
    checkCorpus(
      config.corpusPath,
      await probes.corpusSha256(config.corpusPath),
      params.corpus,
      SHIPPED_CORPUS_SHA256,
    ),
    checkExplorer(explorer, config.apiUrl),
    checkClock(explorer),
    checkPermit(explorer, hotkey),
  ];
  // The process driver (tests, the demo) runs no Docker and no GPU.
  if (config.driver.kind !== "docker") return common;
  const folder = config.weightsPath;
  const pinned = `${config.baseline.image}@${config.baseline.digest}`;
  const revision = folder === null ? null : await probes.weightsRevision(folder);
  // The weights' revision is its own check below; this one compares the image and the flags.
  const pinnedBaseline = pinnedSetup(params, config.gpu.count);
  const differences = setupDifferences(pinnedBaseline, {
    ...pinnedBaseline,
    image: pinned,
    args: config.baseline.args,
  });
  const docker = await probes.dockerVersion();
  const noDocker = "Docker does not answer";
  return [
    checkDocker(docker),
    docker === null
      ? notChecked("NVIDIA container runtime", noDocker)
      : checkNvidiaRuntime(await probes.dockerRuntimes()),
    checkGpus(await probes.gpus(), config.gpu.count),
    checkWeights(
      folder,
      folder === null ? null : await probes.weightsFiles(folder),
      folder === null ? null : await probes.weightsIndexShards(folder),
    ),
    checkWeightsRevision(
      folder,
      { repo: params.baseline.weightsRepo, revision: params.baseline.weightsRevision },
      revision,
    ),
    checkBaselineSetup(differences),
    docker === null ? notChecked("free disk", noDocker) : checkDisk(await probes.dockerFreeBytes()),
    docker === null
      ? notChecked("baseline image", noDocker)
      : checkBaselineImage(pinned, await probes.imagePresent(pinned)),
    ...common,
  ];
}

/** One line a check: a mark, the name, what was found and, when it is not a pass, what to do. */
export function formatDoctor(results: readonly CheckResult[]): string {
  const mark = { pass: "ok  ", warn: "warn", fail: "FAIL" } as const;
  const width = Math.max(...results.map((r) => r.name.length));
  return results
    .map(
      (r) =>
        `${mark[r.status]}  ${r.name.padEnd(width)}  ${r.detail}${r.fix === "" ? "" : `\n      → ${r.fix}`}`,
    )
    .join("\n");
}

const indexSchema = z.object({ weight_map: z.record(z.string(), z.string()) });

export function systemProbes(o: { docker: Exec; nvidiaSmi: Exec; api: ApiClient }): DoctorProbes {
  const lines = (out: string) => out.trim().split("\n").filter(Boolean);
  return {
    async dockerVersion() {
      const r = await o.docker(["version", "--format", "{{.Server.Version}}"]);
      return r.code === 0 ? r.stdout.trim() : null;
    },
    async dockerRuntimes() {
      const r = await o.docker(["info", "--format", "{{json .Runtimes}}"]);
      if (r.code !== 0) return null;
      try {
        return Object.keys(JSON.parse(r.stdout) as Record<string, unknown>);
      } catch {
        return null;
      }
    },
    async gpus() {
      const r = await o.nvidiaSmi([
        "--query-gpu=index,name,memory.used,uuid",
        "--format=csv,noheader,nounits",
      ]);
      if (r.code !== 0) return null;
      const apps = await o.nvidiaSmi(["--query-compute-apps=gpu_uuid", "--format=csv,noheader"]);
      const uuids = apps.code === 0 ? lines(apps.stdout).map((l) => l.trim()) : [];
      return lines(r.stdout).map((line) => {
        const [index, name, used, uuid] = line.split(",").map((s) => s.trim());
        return {
          index: Number(index),
          name: name ?? "",
          memoryUsedMiB: Number(used),
          processes: uuids.filter((u) => u === uuid).length,
        };
      });
    },
    weightsFiles: (folder) => readdir(folder).catch(() => null),
    weightsRevision: readWeightsRevision,
    async corpusSha256(folder) {
      try {
        return loadCorpus(folder).sha256;
      } catch {
        return null;
      }
    },
    async weightsIndexShards(folder) {
      const text = await readFile(path.join(folder, "model.safetensors.index.json"), "utf8").catch(
        () => null,
      );
      if (text === null) return null;
      try {
        const index = indexSchema.safeParse(JSON.parse(text));
        return index.success ? [...new Set(Object.values(index.data.weight_map))].sort() : null;
      } catch {
        return null;
      }
    },
    dockerFreeBytes: () => dockerFreeBytes(o.docker),
    // The signed job list answers all three: reachable, the clock (its Date header, as every answer's) and
    // whether this hotkey may post.
    async explorer() {
      try {
        const jobs = await o.api.request("GET", "/api/v1/jobs");
        return {
          reachable: true,
          error: null,
          clockOffsetMs: jobs.clockOffsetMs,
          jobsStatus: jobs.status,
          jobsMessage: jobs.text.slice(0, 300),
        };
      } catch (error) {
        if (!(error instanceof ApiUnreachable)) throw error;
        return {
          reachable: false,
          error: error.message,
          clockOffsetMs: null,
          jobsStatus: null,
          jobsMessage: "",
        };
      }
    },
    async imagePresent(pinned) {
      return (await o.docker(["image", "inspect", "--format", "{{.Id}}", pinned])).code === 0;
    },
  };
}
