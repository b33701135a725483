import { describe, expect, it } from "vitest";
import type { StoredCommitment, StoredSubmission } from "@/db/queries/submission-ingest";
import { observationIdentity, planCommitments, type ObservedAt } from "./commitment-plan";

const HOTKEY = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const bytes = (s: string) => new TextEncoder().encode(s);
const json = (image: string, d: string) => JSON.stringify({ image, digest: d });

function seen(text: string, commitBlock: number, extra: Partial<ObservedAt> = {}): ObservedAt {
  return {
    hotkey: HOTKEY,
    source: "plain",
    commitBlock,
    observedBlock: commitBlock,
    rawBytes: bytes(text),
    text: bytes(text),
    uid: 3,
    registrationBlock: 100,
    ...extra,
  };
}

const none = { commitments: [], submissions: [] };

describe("planCommitments", () => {
  it("makes the first parseable commitment of a registration its submission", () => {
    const plan = planCommitments(
      14,
      [seen("hello world", 101), seen(json("docker.io/a/q:v1", digest("a")), 102)],
      new Set(),
      none,
    );
    expect(plan.map((p) => p.values.disposition)).toEqual(["unparseable", "submission"]);
    expect(plan[0]?.values).toMatchObject({ parseError: "unknown_registry_form", parsed: null });
    expect(plan[1]?.link).toMatchObject({
      kind: "create",
      values: { hotkey: HOTKEY, uid: 3, registrationBlock: 100, commitBlock: 102, digest: digest("a") },
    });
  });

  it("links later commitments to the submission planned in the same range: ignored or repeat", () => {
    const plan = planCommitments(
      14,
      [
        seen(json("docker.io/a/q:v1", digest("a")), 101),
        seen(json("docker.io/a/other:v1", digest("b")), 102),
        seen(`docker.io/a/q:v2@${digest("a")}`, 103),
      ],
      new Set(),
      none,
    );
    const submission = plan[0]?.identity;
    expect(plan.map((p) => [p.values.disposition, p.link])).toEqual([
      ["submission", expect.objectContaining({ kind: "create" })],
      ["ignored", { kind: "planned", identity: submission }],
      ["repeat", { kind: "planned", identity: submission }],
    ]);
  });

  it("judges against the stored submission, which always stands, even against an earlier commitment found late", () => {
    const stored: StoredCommitment[] = [
      {
        id: 7,
        hotkey: HOTKEY,
        source: "plain",
        commitBlock: 150,
        rawSha256: "x",
        rawBytes: bytes(json("docker.io/a/q:v1", digest("a"))),
        registrationBlock: 100,
      },
    ];
    const submissions: StoredSubmission[] = [
      { id: 70, hotkey: HOTKEY, registrationBlock: 100, pullRef: `docker.io/a/q@${digest("a")}` },
    ];
    const plan = planCommitments(14, [seen(json("docker.io/z/z:v1", digest("c")), 120)], new Set(), {
      commitments: stored,
      submissions,
    });
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatchObject({
      link: { kind: "stored", submissionId: 70 },
      values: { disposition: "ignored" },
    });
  });

  it("starts afresh in a new registration of the same hotkey", () => {
    const submissions: StoredSubmission[] = [
      { id: 70, hotkey: HOTKEY, registrationBlock: 100, pullRef: `docker.io/a/q@${digest("a")}` },
    ];
    const plan = planCommitments(
      14,
      [seen(json("docker.io/a/q2:v1", digest("d")), 300, { registrationBlock: 250, uid: 5 })],
      new Set(),
      {
        commitments: [],
        submissions,
      },
    );
    expect(plan[0]).toMatchObject({
      values: { disposition: "submission" },
      link: { kind: "create", values: { registrationBlock: 250, uid: 5 } },
    });
  });

  it("keeps a commitment of a hotkey that is not registered, or from before its registration, without judging it", () => {
    const plan = planCommitments(
      14,
      [
        seen(json("docker.io/a/q:v1", digest("a")), 90),
        seen(json("docker.io/a/q:v9", digest("e")), 95, {
          uid: null,
          registrationBlock: null,
          commitBlock: 95,
        }),
      ],
      new Set(),
      none,
    );
    expect(
      plan.map((p) => [p.values.disposition, p.values.uid, p.values.registrationBlock, p.link.kind]),
    ).toEqual([
      ["not_registered", null, null, "none"],
      ["not_registered", null, null, "none"],
    ]);
    expect(plan[0]?.values.parsed).toMatchObject({ form: "json" });
  });

  it("skips what is already stored and what the same range saw twice (an event and a scan)", () => {
    const a = seen(json("docker.io/a/q:v1", digest("a")), 101);
    const b = seen(json("docker.io/a/q:v2", digest("b")), 102);
    const plan = planCommitments(
      14,
      [a, { ...b, observedBlock: 103 }, b],
      new Set([observationIdentity(a)]),
      none,
    );
    expect(plan).toHaveLength(1);
    expect(plan[0]?.values).toMatchObject({ commitBlock: 102, observedBlock: 103 });
  });

  it("reads a revealed plaintext's text but keeps its stored bytes", () => {
    const text = json("docker.io/t/l:v1", digest("f"));
    const raw = new Uint8Array([text.length << 2, ...bytes(text)]);
    const plan = planCommitments(
      14,
      [seen(text, 110, { source: "revealed", rawBytes: raw })],
      new Set(),
      none,
    );
    expect(plan[0]?.values).toMatchObject({ source: "revealed", disposition: "submission", rawBytes: raw });
  });
});
