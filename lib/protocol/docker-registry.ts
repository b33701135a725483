/**
 * A Docker reference cut into the registry host it starts with and the rest ("docker.io/miner/fast:v1" →
 * "docker.io", "miner/fast:v1"); `registry` is null when it names none (an implicit Docker Hub reference),
 * and then `rest` is all of it. Docker's rule: the first of several path segments is a host when it has "."
 * or ":", is "localhost", or has capitals. Apart from lib/protocol/docker-reference.ts, which validates the
 * whole grammar, so the pages can show a reference's parts without shipping that grammar to the browser.
 */
export function splitImageRegistry(reference: string): { registry: string | null; rest: string } {
  const firstSlash = reference.indexOf("/");
  if (firstSlash === -1) return { registry: null, rest: reference };
  const first = reference.slice(0, firstSlash);
  const isHost =
    first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase();
  return isHost
    ? { registry: first, rest: reference.slice(firstSlash + 1) }
    : { registry: null, rest: reference };
}
