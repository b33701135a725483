// The Docker reference grammar of distribution/reference, so a commitment the runner could never pull is
// rejected when it is read, with the cause shown to the miner, rather than as a pull_failed run later.
//
//   name      := [domain "/"] path          domain := host [":" port]
//   path      := component ("/" component)*  component := [a-z0-9]+ (separator [a-z0-9]+)*
//   separator := "." | "_" | "__" | "-"+     tag := [\w][\w.-]{0,127}

import { splitImageRegistry } from "./docker-registry";

const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const PATH = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const TAG = /^[\w][\w.-]{0,127}$/;
/** Docker's NameTotalLengthMax: domain + path, without tag or digest. */
export const NAME_MAX_LENGTH = 255;

export interface ImageReference {
  /** Registry host[:port], or null for an implicit Docker Hub reference. */
  readonly domain: string | null;
  readonly path: string;
  readonly tag: string | null;
  /** domain/path without the tag: what a digest is appended to. */
  readonly name: string;
}

/**
 * Parses `name[:tag]` (no digest). Returns null when it is not a valid Docker reference. The first path
 * segment is a registry only if it looks like a host (has "." or ":", or is "localhost"), as Docker decides.
 */
export function parseImageReference(reference: string): ImageReference | null {
  const lastSlash = reference.lastIndexOf("/");
  const lastColon = reference.lastIndexOf(":");
  const hasTag = lastColon > lastSlash;
  const name = hasTag ? reference.slice(0, lastColon) : reference;
  const tag = hasTag ? reference.slice(lastColon + 1) : null;
  if (tag !== null && !TAG.test(tag)) return null;
  if (name.length === 0 || name.length > NAME_MAX_LENGTH) return null;

  const { registry: domain, rest: path } = splitImageRegistry(name);
  if (domain !== null && !DOMAIN.test(domain)) return null;
  if (!PATH.test(path)) return null;
  return { domain, path, tag, name };
}
