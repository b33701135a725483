import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import type { PullProgress } from "@/workers/runner/engine/live";
import { createLogger } from "@/lib/log";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";

import { createDockerDriver } from "./docker";
import { execCommand } from "./exec";
import { PullTracker } from "./pull-progress";
import type { ImageBlobs } from "./registry";

// A pull's progress in bytes, through the real exec against a fake docker CLI that prints what `docker pull`
// prints without a terminal: one line per layer as its state changes.

const DIGEST = `sha256:${"f".repeat(64)}`;
const layer = (c: string, size: number) => ({ digest: `sha256:${c.repeat(64)}`, size });
const BLOBS: ImageBlobs = {
  totalBytes: 14.8e9 + 7_000,
  layers: [layer("a", 2e9), layer("b", 11.8e9), layer("c", 1e9)],
};

let dir = "";
afterEach(async () => {
  if (dir !== "") await rm(dir, { recursive: true, force: true });
  dir = "";
});

/** A docker CLI whose pull prints the second half only once the test has seen the first (`go` appears). */
async function fakeDocker(): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), "fake-docker-"));
  const bin = join(dir, "docker");
  await writeFile(
    bin,
    `#!/bin/sh
[ "$1" = pull ] || exit 0
echo "sha256:${"f".repeat(64)}: Pulling from alice/fast"
echo "cccccccccccc: Already exists"
echo "aaaaaaaaaaaa: Pulling fs layer"
echo "bbbbbbbbbbbb: Pulling fs layer"
echo "aaaaaaaaaaaa: Download complete"
i=0
while [ ! -f "${dir}/go" ]; do
  i=$((i + 1)); [ "$i" -gt 100 ] && { echo "the progress never arrived while pulling" >&2; exit 1; }
  sleep 0.05
done
echo "bbbbbbbbbbbb: Verifying Checksum"
printf 'bbbbbbbbbbbb: Download'
sleep 0.05
printf ' complete\\n'
echo "aaaaaaaaaaaa: Pull complete"
echo "bbbbbbbbbbbb: Pull complete"
echo "Digest: ${DIGEST}"
echo "Status: Downloaded newer image for alice/fast@${DIGEST}"
`,
  );
  await chmod(bin, 0o755);
  return bin;
}

describe("docker pull progress", () => {
  it("tells bytes done of the manifest's layers while the pull runs, layer by layer", async () => {
    const bin = await fakeDocker();
    const driver = createDockerDriver({
      exec: execCommand(bin),
      freeDiskBytes: async () => 1e12,
      weightsPresent: async () => true,
      weightsPath: "/w",
      network: "cacheon-eval",
      shmSize: "32g",
      params: DEFAULT_PARAMS,
      gpuCount: 1,
      log: createLogger({}, "error"),
      imageBlobs: async () => BLOBS,
    });
    const seen: PullProgress[] = [];
    await driver.prepare(
      { image: "docker.io/alice/fast:v1", digest: DIGEST },
      new AbortController().signal,
      (p) => {
        seen.push(p);
        // The fake CLI goes on only once progress has arrived while it still runs.
        if (p.layersDone === 2) void writeFile(join(dir, "go"), "");
      },
    );
    // Lines arriving in one chunk are told once: layer 3 (already there) may come with layer 1's end.
    const done = seen.map((p) => p.doneBytes);
    expect(done[0]).toBe(0);
    expect(done).toContain(3e9);
    expect(done).toEqual([...done].sort((x, y) => x - y));
    expect(seen.at(-1)).toEqual({ doneBytes: 14.8e9, totalBytes: 14.8e9, layersDone: 3, layerCount: 3 });
  });

  it("reads a line split across chunks once, and ignores layers the manifest does not list", () => {
    const seen: PullProgress[] = [];
    const tracker = new PullTracker(BLOBS, (p) => seen.push(p));
    tracker.feed("aaaaaaaaaaaa: Down");
    tracker.feed("load complete\r\ndddddddddddd: Download complete\naaaaaaaaaaaa: Pull complete\n");
    expect(seen.map((p) => p.doneBytes)).toEqual([0, 2e9]);
  });
});
