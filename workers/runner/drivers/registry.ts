import { createHash } from "node:crypto";

import type { ImageReference } from "@/lib/protocol/docker-reference";

import type { CredentialLookup, RegistryCredentials } from "./docker-credentials";

// The size of an image from its registry manifest, before anything is pulled (protocol.md: images are capped
// at 20 GB, checked from the manifest). Sizes are the compressed blob sizes the manifest lists.

export class RegistryError extends Error {
  constructor(
    readonly kind: "not_found" | "denied" | "unreachable" | "invalid",
    message: string,
  ) {
    super(message);
    this.name = "RegistryError";
  }
}

const ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

export interface RegistryOptions {
  /** host[:port] values reached over http (a local test registry). */
  readonly insecure?: readonly string[];
  readonly platform?: { readonly os: string; readonly architecture: string };
  readonly signal?: AbortSignal;
  /** The validator's own login for a registry host (docker-credentials.ts); anonymous without one. */
  readonly credentials?: CredentialLookup;
}

const basic = (c: RegistryCredentials): string =>
  `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;

interface Blob {
  readonly digest?: string;
  readonly size?: number;
  readonly platform?: { os?: string; architecture?: string };
}
interface Manifest {
  readonly manifests?: readonly Blob[];
  readonly config?: Blob;
  readonly layers?: readonly Blob[];
}

/** Registry host and repository path as the distribution API names them (Docker Hub's implicit forms). */
export function registryLocation(ref: Pick<ImageReference, "domain" | "path">): {
  host: string;
  repository: string;
} {
  const hub = ref.domain === null || ref.domain === "docker.io" || ref.domain === "index.docker.io";
  if (!hub) return { host: ref.domain as string, repository: ref.path };
  return {
    host: "registry-1.docker.io",
    repository: ref.path.includes("/") ? ref.path : `library/${ref.path}`,
  };
}

/** Parses `Bearer realm="…",service="…",scope="…"`. */
export function parseBearerChallenge(header: string): Record<string, string> | null {
  if (!/^bearer\s/i.test(header)) return null;
  const params: Record<string, string> = {};
  for (const m of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) params[m[1] as string] = m[2] as string;
  return params.realm === undefined ? null : params;
}

class Client {
  private authorization: string | null = null;

  constructor(
    private readonly base: string,
    private readonly repository: string,
    private readonly signal: AbortSignal | undefined,
    private readonly login: RegistryCredentials | null,
  ) {}

  private async get(url: string, headers: Record<string, string>): Promise<Response> {
    try {
      return await fetch(url, { headers, signal: this.signal });
    } catch (error) {
      throw new RegistryError(
        "unreachable",
        `${new URL(url).host} is unreachable: ${(error as Error).message}`,
      );
    }
  }

  /**
   * A pull token from the realm the registry named (Docker Hub, GHCR and most others), asked with the
   * validator's login when it has one; a registry that only takes Basic gets the login itself.
   */
  private async authenticate(challenge: string): Promise<void> {
    const params = parseBearerChallenge(challenge);
    if (params === null) {
      if (this.login === null || !/^basic\s/i.test(challenge))
        throw new RegistryError("denied", "the registry requires credentials");
      this.authorization = basic(this.login);
      return;
    }
    const url = new URL(params.realm as string);
    if (params.service !== undefined) url.searchParams.set("service", params.service);
    url.searchParams.set("scope", params.scope ?? `repository:${this.repository}:pull`);
    const res = await this.get(
      url.toString(),
      this.login === null ? {} : { authorization: basic(this.login) },
    );
    // The token service failing is the registry's problem, not the image's failure.
    if (res.status === 429 || res.status >= 500)
      throw new RegistryError("unreachable", `the registry's token service answered HTTP ${res.status}`);
    if (!res.ok) throw new RegistryError("denied", `the registry refused a pull token (HTTP ${res.status})`);
    const body = (await res.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token ?? null;
    if (token === null) throw new RegistryError("denied", "the registry's token answer holds no token");
    this.authorization = `Bearer ${token}`;
  }

  async manifest(digest: string): Promise<Manifest> {
    const url = `${this.base}/v2/${this.repository}/manifests/${digest}`;
    const headers = (): Record<string, string> =>
      this.authorization === null
        ? { accept: ACCEPT }
        : { accept: ACCEPT, authorization: this.authorization };
    let res = await this.get(url, headers());
    if (res.status === 401 && this.authorization === null) {
      await this.authenticate(res.headers.get("www-authenticate") ?? "");
      res = await this.get(url, headers());
    }
    if (res.status === 404)
      throw new RegistryError("not_found", `no manifest ${digest} in ${this.repository}`);
    if (res.status === 401 || res.status === 403)
      throw new RegistryError(
        "denied",
        `pulling ${this.repository} is not allowed anonymously (HTTP ${res.status})`,
      );
    if (res.status === 429)
      throw new RegistryError("unreachable", "the registry rate-limited the manifest request (HTTP 429)");
    if (!res.ok) throw new RegistryError("unreachable", `the registry answered HTTP ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    // The digest pins these exact bytes: a registry serving anything else is not serving the commitment.
    if (`sha256:${createHash("sha256").update(bytes).digest("hex")}` !== digest)
      throw new RegistryError("invalid", `the manifest served for ${digest} does not hash to it`);
    try {
      return JSON.parse(bytes.toString("utf8")) as Manifest;
    } catch {
      throw new RegistryError("invalid", `the manifest ${digest} is not JSON`);
    }
  }
}

const sizeOf = (blob: Blob | undefined): number =>
  typeof blob?.size === "number" && blob.size >= 0 ? blob.size : NaN;

/** An image's blobs as its manifest lists them: what the size cap checks and what a pull's progress counts. */
export interface ImageBlobs {
  /** Config and layers, compressed. */
  readonly totalBytes: number;
  readonly layers: readonly { readonly digest: string; readonly size: number }[];
}

/** Total bytes of the image for the platform (config + layers). Throws RegistryError. */
export async function imageSize(
  ref: Pick<ImageReference, "domain" | "path">,
  digest: string,
  options: RegistryOptions = {},
): Promise<number> {
  return (await imageBlobs(ref, digest, options)).totalBytes;
}

/**
 * The image's blobs for the platform. An index is resolved to the platform's manifest first. Throws
 * RegistryError.
 */
export async function imageBlobs(
  ref: Pick<ImageReference, "domain" | "path">,
  digest: string,
  options: RegistryOptions = {},
): Promise<ImageBlobs> {
  const { host, repository } = registryLocation(ref);
  const scheme = options.insecure?.includes(host) ? "http" : "https";
  const login = (await options.credentials?.(host).catch(() => null)) ?? null;
  const client = new Client(`${scheme}://${host}`, repository, options.signal, login);
  const platform = options.platform ?? { os: "linux", architecture: "amd64" };
  let manifest = await client.manifest(digest);
  if (manifest.manifests !== undefined) {
    const entry = manifest.manifests.find(
      (m) => m.platform?.os === platform.os && m.platform.architecture === platform.architecture,
    );
    if (entry?.digest === undefined)
      throw new RegistryError(
        "not_found",
        `the image index has no ${platform.os}/${platform.architecture} manifest`,
      );
    manifest = await client.manifest(entry.digest);
  }
  if (manifest.layers === undefined)
    throw new RegistryError("invalid", "the manifest lists no layers (schema 1?)");
  const total = sizeOf(manifest.config) + manifest.layers.reduce((sum, layer) => sum + sizeOf(layer), 0);
  if (!Number.isFinite(total)) throw new RegistryError("invalid", "the manifest has a blob without a size");
  return {
    totalBytes: total,
    layers: manifest.layers.map((layer) => ({ digest: layer.digest ?? "", size: sizeOf(layer) })),
  };
}
