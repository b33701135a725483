import { describe, expect, it } from "vitest";
import { VersionedStore } from "./store";

const changes = (entries: [string, string | null][]) => new Map(entries);

describe("VersionedStore", () => {
  it("returns each key's value as of the requested block", () => {
    const store = new VersionedStore();
    store.commit(0, changes([["0xaa01", "0x01"]]));
    store.commit(3, changes([["0xaa01", "0x02"]]));
    store.commit(5, changes([["0xaa01", null]]));
    expect([0, 2, 3, 4, 5].map((n) => store.get("0xaa01", n))).toEqual([
      "0x01",
      "0x01",
      "0x02",
      "0x02",
      null,
    ]);
    expect(store.get("0xaa02", 5)).toBeNull();
  });

  it("reports only the writes that changed a value", () => {
    const store = new VersionedStore();
    store.commit(0, changes([["0xaa01", "0x01"]]));
    const effective = store.commit(
      1,
      changes([
        ["0xaa01", "0x01"],
        ["0xaa02", "0x02"],
        ["0xaa03", null],
      ]),
    );
    expect([...effective]).toEqual([["0xaa02", "0x02"]]);
  });

  it("pages keys under a prefix in key order, skipping keys deleted at that block", () => {
    const store = new VersionedStore();
    store.commit(
      0,
      changes([
        ["0xaa03", "0x03"],
        ["0xaa01", "0x01"],
        ["0xab01", "0x09"],
        ["0xaa02", "0x02"],
      ]),
    );
    store.commit(1, changes([["0xaa02", null]]));
    expect(store.keysPaged("0xaa", 10, undefined, 0)).toEqual(["0xaa01", "0xaa02", "0xaa03"]);
    expect(store.keysPaged("0xaa", 10, undefined, 1)).toEqual(["0xaa01", "0xaa03"]);
    expect(store.keysPaged("0xaa", 1, "0xaa01", 0)).toEqual(["0xaa02"]);
    expect(store.keysPaged("0xaa", 10, "0xaa03", 0)).toEqual([]);
  });

  it("rejects a block that does not follow the last one", () => {
    const store = new VersionedStore();
    store.commit(2, new Map());
    expect(() => store.commit(2, new Map())).toThrow(/after 2/);
  });
});
