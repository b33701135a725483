/**
 * The registry host a Docker reference starts with, or null when it names none (an implicit Docker Hub
 * reference). Docker's rule: the first of several path segments is a host when it has "." or ":", is
 * "localhost", or has capitals. Apart from lib/protocol/docker-reference.ts, which validates the whole
 * grammar, so the pages can show a reference's parts without shipping that grammar to the browser.
 */
export function registryOf(reference: string): string | null {
  const firstSlash = reference.indexOf("/");
  if (firstSlash === -1) return null;
  const first = reference.slice(0, firstSlash);
  const isHost =
    first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase();
  return isHost ? first : null;
}
