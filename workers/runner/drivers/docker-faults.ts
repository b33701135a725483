import type { ImageReference } from "@/lib/protocol/docker-reference";

import type { ExecResult } from "./exec";

// Whose fault a failed Docker command is, by its cause. A miner is blamed only for what its commitment
// decides: an image reference that does not resolve, a repository that is not public, an image whose own
// configuration Docker refuses to run. Everything else (the daemon, the disk, the network, a registry's rate
// limit or outage, a command that timed out, an error this table does not know) is the validator's own, so
// the run is `runner_error`: shown, never counted against the miner, and retried later.

export type Blame = "miner" | "validator";

/** The validator's side, checked first: these can appear inside messages that also say "not found". */
const VALIDATOR_CAUSES: readonly RegExp[] = [
  /toomanyrequests|rate limit/i,
  /no space left on device|disk quota exceeded/i,
  /cannot connect to the docker daemon|is the docker daemon running|docker\.sock/i,
  /i\/o timeout|tls handshake timeout|connection (refused|reset)|no such host|server misbehaving/i,
  /client\.timeout|context deadline exceeded|timeout exceeded|net\/http: request canceled/i,
  /unexpected (http )?status:? 5\d\d|\b50[0-4] (internal server error|bad gateway|service unavailable|gateway timeout)/i,
  /could not select device driver|nvidia-container-cli|unknown or invalid runtime|failed to create shim/i,
  /network .* not found|port is already allocated|conflict\. the container name/i,
];

/** What `docker pull` says when the committed reference cannot be pulled by anyone. */
const MINER_PULL_CAUSES: readonly RegExp[] = [
  /manifest unknown|manifest for .* not found|not found: manifest/i,
  /pull access denied|repository does not exist|requested access to the resource is denied/i,
  /unauthorized|authentication required/i,
  /no matching manifest for/i,
  /invalid reference format/i,
];

/** What `docker run` (exit 125) says when the image's own configuration cannot start. */
const MINER_RUN_CAUSES: readonly RegExp[] = [
  /no command specified/i,
  /unable to find user|no matching entries in passwd file/i,
  /exec format error/i,
  /executable file not found|no such file or directory.*(exec|entrypoint)|permission denied.*exec/i,
  /invalid (entrypoint|working directory)|not a directory/i,
];

const mentions = (causes: readonly RegExp[], text: string): boolean => causes.some((c) => c.test(text));

/** A command that did not run to its own end (timed out, or the CLI could not be started) blames no miner. */
const interrupted = (result: ExecResult): boolean => result.failure !== undefined;

/**
 * The output with every word that names the miner's registry or repository replaced: a miner chooses those
 * names, and one like `alice/toomanyrequests` must not turn its own failed pull into the validator's fault.
 */
export function withoutMinerNames(text: string, ref: ImageReference | null): string {
  if (ref === null) return text;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const word = (s: string) => new RegExp(`[^\\s,"'\`]*${escape(s)}[^\\s,"'\`]*`, "gi");
  const named = text.replace(word(ref.path), "<image>");
  return ref.domain === null ? named : named.replace(word(ref.domain), "<registry>");
}

export function blameForPull(result: ExecResult, ref: ImageReference | null = null): Blame {
  const text = withoutMinerNames(`${result.stderr}\n${result.stdout}`, ref);
  if (interrupted(result) || mentions(VALIDATOR_CAUSES, text)) return "validator";
  return mentions(MINER_PULL_CAUSES, text) ? "miner" : "validator";
}

/**
 * `docker run`: 126 and 127 are the image's command that cannot be executed; 125 is Docker's own error,
 * the miner's only when it names the image's configuration.
 */
export function blameForRun(result: ExecResult): Blame {
  const text = `${result.stderr}\n${result.stdout}`;
  if (interrupted(result) || mentions(VALIDATOR_CAUSES, text)) return "validator";
  if (result.code === 126 || result.code === 127) return "miner";
  return result.code === 125 && mentions(MINER_RUN_CAUSES, text) ? "miner" : "validator";
}
