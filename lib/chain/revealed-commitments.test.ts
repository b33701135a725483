import { bnToU8a, compactAddLength, stringToU8a, u8aConcat, u8aToString } from "@polkadot/util";
import { describe, expect, it } from "vitest";
import { decodeRevealedCommitments, stripCompactLength } from "./revealed-commitments";
import { finneyStorageValue, loadFinney } from "./test-support/finney";

const finney = loadFinney();
const TEXT = JSON.stringify({ image: "docker.io/dave/kv:v2", digest: `sha256:${"ef".repeat(32)}` });

// Vec<(Bytes, u64)>: the plaintext (itself a SCALE string, so length-prefixed twice) and the reveal block.
function reveals(entries: [Uint8Array, number][]): Uint8Array {
  return u8aConcat(
    new Uint8Array([entries.length << 2]),
    ...entries.flatMap(([plaintext, block]) => [
      compactAddLength(plaintext),
      bnToU8a(block, { bitLength: 64 }),
    ]),
  );
}

describe.skipIf(!finney)("decodeRevealedCommitments on finney spec 424 layouts", () => {
  const decode = (bytes: Uint8Array | null) =>
    decodeRevealedCommitments(finneyStorageValue(finney!, "Commitments", "RevealedCommitments", bytes));

  it("strips the SCALE length prefix of each revealed text and keeps its reveal block", () => {
    const revealed = decode(
      reveals([
        [compactAddLength(stringToU8a(TEXT)), 5_000_001],
        [compactAddLength(stringToU8a("b")), 5_000_360],
      ]),
    );
    expect(revealed.map((r) => [u8aToString(r.text), r.revealBlock, r.lengthPrefixed])).toEqual([
      [TEXT, 5_000_001, true],
      ["b", 5_000_360, true],
    ]);
  });

  it("keeps a plaintext without a valid length prefix as it is", () => {
    const [revealed] = decode(reveals([[stringToU8a("{not prefixed}"), 12]]));
    expect(revealed && u8aToString(revealed.text)).toBe("{not prefixed}");
    expect(revealed?.lengthPrefixed).toBe(false);
  });

  it("returns no reveals when the hotkey has none", () => {
    expect(decode(null)).toEqual([]);
  });
});

describe("stripCompactLength", () => {
  it("handles two-byte prefixes and empty input", () => {
    const long = stringToU8a("y".repeat(100));
    expect(stripCompactLength(compactAddLength(long))).toEqual({ text: long, lengthPrefixed: true });
    expect(stripCompactLength(new Uint8Array())).toEqual({ text: new Uint8Array(), lengthPrefixed: false });
    expect(stripCompactLength(new Uint8Array([0]))).toEqual({ text: new Uint8Array(), lengthPrefixed: true });
  });
});
