import { describe, expect, it } from "vitest";
import { resolveSearch } from "./resolve";

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
// Alice's key under the Polkadot prefix (0): a valid address, but not one of this subnet.
const ALICE_POLKADOT = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";

describe("resolveSearch", () => {
  it.each([
    ["", { kind: "empty" }],
    ["   ", { kind: "empty" }],
    [ALICE, { kind: "miner", hotkey: ALICE }],
    [`  ${ALICE} `, { kind: "miner", hotkey: ALICE }],
    ["#42", { kind: "submission", id: 42 }],
    ["submission 42", { kind: "submission", id: 42 }],
    ["Submission #42", { kind: "submission", id: 42 }],
    ["s42", { kind: "submission", id: 42 }],
    ["42", { kind: "submission", id: 42 }],
    ["99,999", { kind: "submission", id: 99_999 }],
    ["uid 6", { kind: "uid", uid: 6 }],
    ["UID:0", { kind: "uid", uid: 0 }],
    ["uid#255", { kind: "uid", uid: 255 }],
    ["block 4200000", { kind: "block", block: 4_200_000 }],
    ["block #12", { kind: "block", block: 12 }],
    ["b 7", { kind: "block", block: 7 }],
    ["4,200,000", { kind: "block", block: 4_200_000 }],
    ["100000", { kind: "block", block: 100_000 }],
    ["docker.io/alice/fast-qwen:v3", { kind: "text", q: "docker.io/alice/fast-qwen:v3" }],
    ["fast-qwen", { kind: "text", q: "fast-qwen" }],
    ["0", { kind: "text", q: "0" }],
    ["#0", { kind: "text", q: "#0" }],
    ["uid 70000", { kind: "text", q: "uid 70000" }],
    [ALICE.slice(0, -1), { kind: "text", q: ALICE.slice(0, -1) }],
    [ALICE_POLKADOT, { kind: "text", q: ALICE_POLKADOT }],
  ])("reads %j as %j", (input, target) => {
    expect(resolveSearch(input, 42)).toEqual(target);
  });

  it("keeps at most 200 characters of what it was given", () => {
    const target = resolveSearch("x".repeat(500), 42);
    expect(target).toEqual({ kind: "text", q: "x".repeat(200) });
  });
});
