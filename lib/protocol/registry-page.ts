import { parseImageReference } from "./docker-reference";

// Where a person can look at a committed image: its repository's page on the registry's website. Only
// registries whose page address follows from the reference alone; for any other the image is shown unlinked.

const DOCKER_HUB = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/** The web page of an image's repository (Docker Hub, ghcr.io, Quay, GitLab, ECR Public, NGC); null if unknown. */
export function registryPageUrl(image: string): string | null {
  const reference = parseImageReference(image.split("@")[0] ?? image);
  if (!reference) return null;
  const { domain, path } = reference;
  const segments = path.split("/");
  const [first, second] = segments;
  if (domain === null || DOCKER_HUB.has(domain)) {
    if (segments.length === 1) return `https://hub.docker.com/_/${path}`;
    if (first === "library" && segments.length === 2) return `https://hub.docker.com/_/${second}`;
    return `https://hub.docker.com/r/${path}`;
  }
  if (segments.length < 2) return null;
  const rest = segments.slice(1).join("/");
  switch (domain) {
    case "ghcr.io":
      // A nested container name is one package, its slashes escaped in the page's address.
      return `https://github.com/users/${first}/packages/container/package/${encodeURIComponent(rest)}`;
    case "quay.io":
      return `https://quay.io/repository/${path}`;
    case "registry.gitlab.com":
      return `https://gitlab.com/${path}/container_registry`;
    case "public.ecr.aws":
      return `https://gallery.ecr.aws/${path}`;
    case "nvcr.io":
      return `https://catalog.ngc.nvidia.com/orgs/${first}/containers/${rest}`;
    default:
      return null;
  }
}
