// What only the operator's terminal shows, never posted to the explorer: it moves too often to be a progress
// event, and the explorer's viewers need only the phase.

/** How much of an image's layers are on the host, by the registry manifest's compressed layer sizes. */
export interface PullProgress {
  readonly doneBytes: number;
  readonly totalBytes: number;
  readonly layersDone: number;
  readonly layerCount: number;
}

export type LiveNote =
  | { readonly kind: "pull"; readonly progress: PullProgress }
  /** The health wait began: it ends, at the latest, this long from now. */
  | { readonly kind: "health"; readonly timeoutMs: number };

export type LiveFn = (note: LiveNote) => void;
