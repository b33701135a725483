// The one seam between the evaluation and whatever runs the server: Docker on a validator's GPU pod, or a
// local process in tests and the demo. The evaluation never learns which.

import type { PullProgress } from "./live";

export interface ImageSpec {
  /** The committed image reference, e.g. docker.io/alice/fast-qwen:v3 */
  readonly image: string;
  /** The manifest digest, sha256:<64 hex>. */
  readonly digest: string;
}

export interface StartSpec extends ImageSpec {
  /** Unique per start, used for the container name and labels. */
  readonly name: string;
  /** Arguments after the image (the baseline's vLLM flags); a miner image runs its own entrypoint. */
  readonly args?: readonly string[];
}

export type ContainerState =
  | { readonly status: "running" }
  | { readonly status: "exited"; readonly exitCode: number | null; readonly oomKilled: boolean };

export interface RunningContainer {
  /** Where the OpenAI-compatible server listens, e.g. http://172.18.0.2:8000 */
  readonly baseUrl: string;
  state(): Promise<ContainerState>;
  /** The last `maxBytes` bytes of the container's stdout and stderr. */
  logTail(maxBytes: number): Promise<string>;
  /** Stops and removes the container; idempotent, never throws (it runs in finally blocks). */
  remove(): Promise<void>;
}

export interface ContainerDriver {
  readonly kind: "docker" | "process";
  /**
   * Resolves the manifest, enforces the size cap and pulls. Throws EvalFailure `image_too_large` or
   * `pull_failed` for the miner's faults, anything else for the runner's own. `onPull` is told the pull's
   * progress as it moves (a driver that pulls nothing never calls it).
   */
  prepare(image: ImageSpec, signal: AbortSignal, onPull?: (progress: PullProgress) => void): Promise<void>;
  /** Starts the server; throws EvalFailure `container_crashed` when it cannot even be created. */
  start(spec: StartSpec): Promise<RunningContainer>;
  /** Removes containers a killed runner left behind (called once at start). */
  removeLeftovers?(): Promise<number>;
  /** Removes a miner's image once its job is done (the baseline's is kept); never throws. */
  removeImage?(image: ImageSpec): Promise<void>;
}
