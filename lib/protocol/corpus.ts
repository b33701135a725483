import type { ProtocolParams } from "./params";

// Which prompt corpus a job is evaluated with, and which a posted run may have used. The corpus identity is
// lib/eval/corpus.ts's sha256 over the books; the explorer names it in each job's seed and the runner puts the
// identity of the corpus it used in the run (`seed.corpusSha256`).

/** The identity of the project's own corpus/ (four short stories for tests and the demo); a test keeps it true. */
export const SHIPPED_CORPUS_SHA256 = "dcb97755daa11b73c2c0b1c92bf2baea8a25d313cfbbb88d6c217427cbf959f8";

/** Bittensor's public networks; any other name (demo, devnet, local) is a network of stand-ins. */
const PUBLIC_NETWORKS = ["finney", "test"];

export const isDemoNetwork = (network: string): boolean => !PUBLIC_NETWORKS.includes(network);

/**
 * The corpus a job must be evaluated with: a demo network's runners use the shipped corpus (its servers are
 * stand-ins anyway); a public network's, the pinned one (null while it is not pinned).
 */
export function jobCorpus(params: ProtocolParams, demoNetwork: boolean): string | null {
  return demoNetwork ? SHIPPED_CORPUS_SHA256 : params.corpus.sha256;
}

/** Why this explorer refuses a run made with `corpusSha256`; null when it accepts it. */
export function corpusRefusal(
  corpusSha256: string | undefined,
  params: ProtocolParams,
  demoNetwork: boolean,
): string | null {
  // Runners that predate the corpus identity send none: nothing can be said about their corpus.
  if (corpusSha256 === undefined || demoNetwork) return null;
  if (corpusSha256 === SHIPPED_CORPUS_SHA256)
    return "the run was made with the shipped demo corpus; only a demo network accepts such runs (point --corpus at the pinned PG19 copy)";
  const pinned = params.corpus.sha256;
  if (pinned !== null && corpusSha256 !== pinned)
    return `the run was made with corpus ${corpusSha256}, not the pinned ${params.corpus.dataset} ${params.corpus.split} (${pinned})`;
  return null;
}
