import { parseImageReference } from "./docker-reference";

// Anything not parseable is kept with its cause and shown to the miner, never dropped silently.
export const COMMITMENT_REJECTIONS = [
  "empty",
  "not_utf8",
  "too_long",
  "bad_json",
  "missing_field",
  "bad_digest",
  "unknown_registry_form",
] as const;
export type CommitmentRejection = (typeof COMMITMENT_REJECTIONS)[number];

export interface Commitment {
  /** The image reference as committed, tag included. */
  readonly image: string;
  readonly digest: string;
  /** image without its tag + "@" + digest: what the runner pulls, so a moved tag cannot change the bytes. */
  readonly pullRef: string;
  readonly form: "json" | "bare";
}

export type CommitmentParse =
  | { readonly ok: true; readonly commitment: Commitment }
  | { readonly ok: false; readonly cause: CommitmentRejection; readonly message: string };

/**
 * Cap on a commitment's UTF-8 size. The longest valid one is about 255 (name) + 129 (tag) + 71 (digest) + 30
 * (JSON keys) = ~485 bytes, and one chain field holds far less; 1024 leaves room for whitespace or an extra key
 * while bounding the work and storage a hostile reveal plaintext can cause.
 */
export const COMMITMENT_MAX_BYTES = 1024;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

const reject = (cause: CommitmentRejection, message: string): CommitmentParse => ({
  ok: false,
  cause,
  message,
});

function build(image: string, digest: string, form: Commitment["form"]): CommitmentParse {
  if (!DIGEST.test(digest)) {
    return reject(
      "bad_digest",
      `digest must be "sha256:" followed by 64 lowercase hex characters, got "${digest.slice(0, 80)}"`,
    );
  }
  const reference = parseImageReference(image);
  if (reference === null) {
    return reject(
      "unknown_registry_form",
      `"${image.slice(0, 300)}" is not a Docker reference: expected [registry[:port]/]lowercase/path[:tag]`,
    );
  }
  return { ok: true, commitment: { image, digest, pullRef: `${reference.name}@${digest}`, form } };
}

function parseJsonForm(text: string): CommitmentParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return reject("bad_json", `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return reject("bad_json", 'expected a JSON object like {"image": "...", "digest": "sha256:..."}');
  }
  // Unknown extra keys are tolerated: tools may add metadata, and the two required fields decide everything.
  const record = value as Record<string, unknown>;
  for (const field of ["image", "digest"] as const) {
    const v = record[field];
    if (typeof v !== "string" || v.length === 0)
      return reject("missing_field", `"${field}" must be a non-empty string`);
  }
  const image = record["image"] as string;
  const digest = record["digest"] as string;
  // An image already pinned by digest is accepted only when it pins the same digest.
  const at = image.indexOf("@");
  if (at !== -1) {
    if (image.slice(at + 1) !== digest)
      return reject("bad_digest", `"image" pins a different digest than "digest"`);
    return build(image.slice(0, at), digest, "json");
  }
  return build(image, digest, "json");
}

function parseBareForm(text: string): CommitmentParse {
  const at = text.lastIndexOf("@");
  if (at === -1) {
    return parseImageReference(text) === null
      ? reject("unknown_registry_form", "expected JSON {image, digest} or image@sha256:<64 hex>")
      : reject(
          "missing_field",
          "the image is not pinned: append @sha256:<64 hex> or commit JSON with a digest",
        );
  }
  return build(text.slice(0, at), text.slice(at + 1), "bare");
}

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/** Parses a commitment's text (JSON or bare `image@sha256:…` form). Never throws. */
export function parseCommitment(text: string): CommitmentParse {
  if (utf8Length(text) > COMMITMENT_MAX_BYTES) {
    return reject("too_long", `a commitment may be at most ${COMMITMENT_MAX_BYTES} bytes of UTF-8`);
  }
  const trimmed = text.trim();
  if (trimmed.length === 0) return reject("empty", "the commitment is empty");
  const first = trimmed[0];
  return first === "{" || first === "[" ? parseJsonForm(trimmed) : parseBareForm(trimmed);
}

/** Decodes chain bytes as strict UTF-8 (invalid sequences are an error, not U+FFFD), then parses. */
export function parseCommitmentBytes(bytes: Uint8Array): CommitmentParse {
  if (bytes.length > COMMITMENT_MAX_BYTES) {
    return reject("too_long", `a commitment may be at most ${COMMITMENT_MAX_BYTES} bytes of UTF-8`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return reject("not_utf8", "the commitment bytes are not valid UTF-8");
  }
  return parseCommitment(text);
}

export interface CommitmentRecord {
  readonly id: string;
  /** The commit block (plain: the registration block of the commitment; timelocked: the reveal block). */
  readonly block: number;
  readonly content: string | Uint8Array;
}

export const IGNORED_REASON = "one submission per hotkey";

export type CommitmentDecision =
  | { readonly id: string; readonly kind: "submission"; readonly commitment: Commitment }
  | {
      readonly id: string;
      readonly kind: "unparseable";
      readonly cause: CommitmentRejection;
      readonly message: string;
    }
  /** Same pull reference as the submission: a re-commit (e.g. a refreshed tag), not a second submission. */
  | {
      readonly id: string;
      readonly kind: "repeat";
      readonly submissionId: string;
      readonly commitment: Commitment;
    }
  | {
      readonly id: string;
      readonly kind: "ignored";
      readonly reason: typeof IGNORED_REASON;
      readonly submissionId: string;
      readonly commitment: Commitment;
    };

export interface SubmissionDecision {
  /** The record id of the submission, or null when no commitment of this registration parses. */
  readonly submissionId: string | null;
  readonly decisions: readonly CommitmentDecision[];
}

/**
 * One submission per hotkey per registration: the first parseable commitment (in chain order) is the
 * submission; a later one pulling different bytes is "ignored"; a later one with the same pull reference
 * (same repository and digest, whatever the tag) is a "repeat", since re-pulling it would evaluate the very
 * same image. Pass only the commitments of one registration (see commitmentsInRegistration): a hotkey that
 * deregisters and re-registers starts afresh.
 */
export function decideSubmission(records: readonly CommitmentRecord[]): SubmissionDecision {
  const ordered = [...records].sort((a, b) => a.block - b.block);
  let submission: { id: string; commitment: Commitment } | null = null;
  const decisions: CommitmentDecision[] = [];
  for (const record of ordered) {
    const { id, content } = record;
    const parsed = typeof content === "string" ? parseCommitment(content) : parseCommitmentBytes(content);
    if (!parsed.ok) {
      decisions.push({ id, kind: "unparseable", cause: parsed.cause, message: parsed.message });
    } else if (submission === null) {
      submission = { id, commitment: parsed.commitment };
      decisions.push({ id, kind: "submission", commitment: parsed.commitment });
    } else if (parsed.commitment.pullRef === submission.commitment.pullRef) {
      decisions.push({ id, kind: "repeat", submissionId: submission.id, commitment: parsed.commitment });
    } else {
      const reason = IGNORED_REASON;
      decisions.push({
        id,
        kind: "ignored",
        reason,
        submissionId: submission.id,
        commitment: parsed.commitment,
      });
    }
  }
  return { submissionId: submission?.id ?? null, decisions };
}

export interface Registration {
  readonly fromBlock: number;
  /** The block the hotkey left its UID, or null while registered. */
  readonly toBlock: number | null;
}

/** The commitments made during one registration: fromBlock <= block < toBlock. */
export function commitmentsInRegistration<T extends { readonly block: number }>(
  records: readonly T[],
  registration: Registration,
): T[] {
  return records.filter(
    (r) =>
      r.block >= registration.fromBlock && (registration.toBlock === null || r.block < registration.toBlock),
  );
}
