import { describe, expect, it } from "vitest";
import { csvField, toCsv } from "./csv";

describe("toCsv", () => {
  it("writes a header row and CRLF-terminated records", () => {
    const csv = toCsv(
      [
        { header: "id", value: (r: { id: number; name: string | null }) => r.id },
        { header: "name", value: (r) => r.name },
      ],
      [
        { id: 1, name: "alice" },
        { id: 2, name: null },
      ],
    );
    expect(csv).toBe("id,name\r\n1,alice\r\n2,\r\n");
  });
});

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r", '"cr\r"'],
    [12345678901234567890n, "12345678901234567890"],
    [new Date("2026-01-01T00:00:00Z"), "2026-01-01T00:00:00.000Z"],
    [false, "false"],
    [undefined, ""],
  ])("quotes %s as RFC 4180 asks", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});
