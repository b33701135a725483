// What the explorer makes of newly read commitments, decided in memory for a whole range of blocks: one
// submission per hotkey registration (lib/protocol decideSubmission), later different ones ignored, same pull
// reference a repeat, unparseable ones kept with their cause, and a commitment that does not belong to the
// hotkey's current registration kept as `not_registered`.
import { createHash } from "node:crypto";
import type {
  PlannedCommitment,
  StoredCommitment,
  StoredSubmission,
  SubmissionLink,
} from "@/db/queries/submission-ingest";
import { identityKey } from "@/db/queries/submission-ingest";
import { stripCompactLength } from "@/lib/chain/revealed-commitments";
import {
  decideSubmission,
  parseCommitmentBytes,
  type Commitment,
  type CommitmentRecord,
} from "@/lib/protocol/commitment";
import type { CommitmentObservation } from "./types";

export interface ObservedAt extends CommitmentObservation {
  observedBlock: number;
}

type Parsed = PlannedCommitment["values"]["parsed"];
type SubmissionRef = { link: SubmissionLink & { kind: "stored" | "planned" }; pullRef: string };

interface RegistrationState {
  records: CommitmentRecord[];
  submission: SubmissionRef | null;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The identity a commitment is stored under (the commitments table's unique key). */
export function observationIdentity(c: CommitmentObservation): string {
  return identityKey({ ...c, rawSha256: sha256(c.rawBytes) });
}
const parsedOf = (c: Commitment): Parsed => ({
  image: c.image,
  digest: c.digest,
  pullRef: c.pullRef,
  form: c.form,
});

// What decideSubmission reads for a stored row: the committed text (a revealed plaintext without its prefix).
function storedRecord(row: StoredCommitment): CommitmentRecord {
  const content = row.source === "revealed" ? stripCompactLength(row.rawBytes).text : row.rawBytes;
  return { id: `db:${row.id}`, block: row.commitBlock, content };
}

export function planCommitments(
  netuid: number,
  observed: readonly ObservedAt[],
  stored: ReadonlySet<string>,
  history: { commitments: readonly StoredCommitment[]; submissions: readonly StoredSubmission[] },
): PlannedCommitment[] {
  const states = new Map<string, RegistrationState>();
  const stateOf = (hotkey: string, registrationBlock: number): RegistrationState => {
    const key = `${hotkey}/${registrationBlock}`;
    let state = states.get(key);
    if (!state) {
      const submission = history.submissions.find(
        (s) => s.hotkey === hotkey && s.registrationBlock === registrationBlock,
      );
      state = {
        records: history.commitments
          .filter((c) => c.hotkey === hotkey && c.registrationBlock === registrationBlock)
          .map(storedRecord),
        submission: submission
          ? { link: { kind: "stored", submissionId: submission.id }, pullRef: submission.pullRef }
          : null,
      };
      states.set(key, state);
    }
    return state;
  };

  const plan: PlannedCommitment[] = [];
  const seen = new Set(stored);
  for (const c of observed) {
    const rawSha256 = sha256(c.rawBytes);
    const identity = identityKey({ ...c, rawSha256 });
    if (seen.has(identity)) continue;
    seen.add(identity);
    const base = {
      netuid,
      hotkey: c.hotkey,
      uid: c.uid,
      registrationBlock: c.registrationBlock,
      source: c.source,
      commitBlock: c.commitBlock,
      observedBlock: c.observedBlock,
      rawBytes: c.rawBytes,
      rawSha256,
    };
    if (c.uid === null || c.registrationBlock === null || c.commitBlock < c.registrationBlock) {
      const parse = parseCommitmentBytes(c.text);
      plan.push({
        identity,
        link: { kind: "none" },
        values: {
          ...base,
          uid: null,
          registrationBlock: null,
          disposition: "not_registered",
          parsed: parse.ok ? parsedOf(parse.commitment) : null,
          parseError: parse.ok ? null : parse.cause,
          parseErrorMessage: parse.ok ? null : parse.message,
        },
      });
      continue;
    }
    const state = stateOf(c.hotkey, c.registrationBlock);
    const id = `new:${identity}`;
    state.records.push({ id, block: c.commitBlock, content: c.text });
    const decision = decideSubmission(state.records).decisions.find((d) => d.id === id);
    if (!decision) throw new Error(`decideSubmission lost commitment ${identity}`);
    if (decision.kind === "unparseable") {
      plan.push({
        identity,
        link: { kind: "none" },
        values: {
          ...base,
          disposition: "unparseable",
          parsed: null,
          parseError: decision.cause,
          parseErrorMessage: decision.message,
        },
      });
      continue;
    }
    const parsed = {
      ...base,
      parsed: parsedOf(decision.commitment),
      parseError: null,
      parseErrorMessage: null,
    };
    const current = state.submission;
    if (current) {
      // A submission already decided always stands: one found late (by a full scan) never replaces it.
      const disposition = decision.commitment.pullRef === current.pullRef ? "repeat" : "ignored";
      plan.push({ identity, link: current.link, values: { ...parsed, disposition } });
    } else if (decision.kind === "submission") {
      const { image, digest, pullRef } = decision.commitment;
      const values = {
        netuid,
        hotkey: c.hotkey,
        uid: c.uid,
        registrationBlock: c.registrationBlock,
        image,
        digest,
        pullRef,
        commitBlock: c.commitBlock,
      };
      plan.push({
        identity,
        link: { kind: "create", values },
        values: { ...parsed, disposition: "submission" },
      });
      state.submission = { link: { kind: "planned", identity }, pullRef };
    } else {
      plan.push({ identity, link: { kind: "none" }, values: { ...parsed, disposition: decision.kind } });
    }
  }
  return plan;
}
