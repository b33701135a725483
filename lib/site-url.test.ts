import { describe, expect, it } from "vitest";
import { siteOrigin } from "./site-url";

describe("siteOrigin", () => {
  it("is PUBLIC_URL without its trailing slash when set", () => {
    expect(siteOrigin({ PUBLIC_URL: "https://explorer.example/", PORT: 3000 })).toBe(
      "https://explorer.example",
    );
  });

  it("is this instance on localhost when PUBLIC_URL is unset", () => {
    expect(siteOrigin({ PORT: 3217 })).toBe("http://localhost:3217");
  });
});
