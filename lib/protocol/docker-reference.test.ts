import { describe, expect, it } from "vitest";

import { parseImageReference } from "./docker-reference";

describe("parseImageReference", () => {
  it.each([
    ["docker.io/alice/fast-qwen:v3", { domain: "docker.io", path: "alice/fast-qwen", tag: "v3" }],
    ["alice/fast-qwen", { domain: null, path: "alice/fast-qwen", tag: null }],
    ["ubuntu", { domain: null, path: "ubuntu", tag: null }],
    ["localhost/foo", { domain: "localhost", path: "foo", tag: null }],
    ["localhost:5000/a/b/c:latest", { domain: "localhost:5000", path: "a/b/c", tag: "latest" }],
    [
      "ghcr.io/org/img_x.y__z-w---v:1.0_rc-1",
      { domain: "ghcr.io", path: "org/img_x.y__z-w---v", tag: "1.0_rc-1" },
    ],
    ["[::1]:5000/foo:bar", { domain: "[::1]:5000", path: "foo", tag: "bar" }],
    ["Registry.Example.COM/foo", { domain: "Registry.Example.COM", path: "foo", tag: null }],
  ])("accepts %s", (reference, expected) => {
    expect(parseImageReference(reference)).toMatchObject(expected);
  });

  it("gives the name without the tag, which a digest is appended to", () => {
    expect(parseImageReference("registry:5000/x/y:tag")?.name).toBe("registry:5000/x/y");
  });

  it.each([
    ["", "empty"],
    ["alice/Fast-Qwen", "uppercase path"],
    ["alice//qwen", "empty component"],
    ["alice/qwen/", "trailing slash"],
    ["-alice/qwen", "leading separator"],
    ["alice/qwen-", "trailing separator"],
    ["alice/qw___en", "triple underscore"],
    ["alice/qw..en", "double dot"],
    ["alice/qwen:", "empty tag"],
    ["alice/qwen:.v1", "tag starting with a dot"],
    [`alice/qwen:${"a".repeat(129)}`, "tag over 128 characters"],
    ["alice/qwen:v 1", "space in tag"],
    ["alice qwen", "space in path"],
    ["-bad.io/x", "domain starting with a dash"],
    [`x/${"a".repeat(254)}`, "name over 255 characters"],
    ["https://docker.io/x", "a URL"],
  ])("rejects %s (%s)", (reference) => {
    expect(parseImageReference(reference)).toBeNull();
  });

  it("treats an uppercase first segment as a registry host, as Docker does", () => {
    expect(parseImageReference("Alice/qwen")?.domain).toBe("Alice");
  });
});
