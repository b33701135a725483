import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { dockerConfigCredentials } from "./docker-credentials";

let dir: string;
const auth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString("base64");

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "docker-config-"));
  // What `docker login` writes without a credential store.
  await writeFile(
    path.join(dir, "config.json"),
    JSON.stringify({
      auths: {
        "https://index.docker.io/v1/": { auth: auth("hubuser", "hubpass") },
        "ghcr.io": { auth: auth("gh", "ghp_x:with:colons") },
      },
    }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("dockerConfigCredentials", () => {
  it("finds Docker Hub's login under its v1 index URL and other registries under their host", async () => {
    const lookup = dockerConfigCredentials(dir);
    expect(await lookup("registry-1.docker.io")).toEqual({ username: "hubuser", password: "hubpass" });
    expect(await lookup("ghcr.io")).toEqual({ username: "gh", password: "ghp_x:with:colons" });
    expect(await lookup("quay.io")).toBeNull();
  });

  it("is anonymous without a config file", async () => {
    expect(await dockerConfigCredentials(path.join(dir, "absent"))("ghcr.io")).toBeNull();
  });
});
