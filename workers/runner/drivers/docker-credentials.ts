import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { z } from "zod";

// The validator's own registry credentials, as `docker login` stored them, so the manifest check counts
// against the validator's account (Docker Hub's anonymous limit is a few manifest requests an hour) and sees
// what `docker pull` sees.

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export type CredentialLookup = (host: string) => Promise<RegistryCredentials | null>;

const configSchema = z.looseObject({
  auths: z.record(z.string(), z.looseObject({ auth: z.string().optional() })).optional(),
  credsStore: z.string().optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
});

/** Docker Hub is stored under its v1 index URL; every other registry under its host. */
const configKeys = (host: string): string[] =>
  host === "registry-1.docker.io" || host === "docker.io" || host === "index.docker.io"
    ? ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"]
    : [host, `https://${host}`];

function decodeAuth(auth: string): RegistryCredentials | null {
  const text = Buffer.from(auth, "base64").toString("utf8");
  const colon = text.indexOf(":");
  return colon <= 0 ? null : { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** `docker-credential-<helper> get`, which answers {"Username","Secret"} for the server URL on stdin. */
function fromHelper(helper: string, server: string): Promise<RegistryCredentials | null> {
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${helper}`, ["get"], { timeout: 10_000 }, (error, stdout) => {
      if (error !== null) return resolve(null);
      const parsed = z.object({ Username: z.string(), Secret: z.string() }).safeParse(
        (() => {
          try {
            return JSON.parse(stdout);
          } catch {
            return null;
          }
        })(),
      );
      resolve(parsed.success ? { username: parsed.data.Username, password: parsed.data.Secret } : null);
    });
    child.stdin?.end(server);
  });
}

/**
 * Reads `$DOCKER_CONFIG/config.json` (default ~/.docker/config.json): a registry's credential helper, else
 * the store, else an inline `auth`. No file, or no entry for the host, means anonymous.
 */
export function dockerConfigCredentials(
  configDir: string = process.env.DOCKER_CONFIG ?? path.join(os.homedir(), ".docker"),
): CredentialLookup {
  return async (host) => {
    const text = await readFile(path.join(configDir, "config.json"), "utf8").catch(() => null);
    if (text === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return null;
    }
    const config = configSchema.safeParse(json);
    if (!config.success) return null;
    const { auths = {}, credsStore, credHelpers = {} } = config.data;
    for (const key of configKeys(host)) {
      const helper = credHelpers[key] ?? credsStore;
      if (helper !== undefined) {
        const found = await fromHelper(helper, key);
        if (found !== null) return found;
      }
      const auth = auths[key]?.auth;
      if (auth !== undefined) {
        const decoded = decodeAuth(auth);
        if (decoded !== null) return decoded;
      }
    }
    return null;
  };
}
