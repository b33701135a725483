import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiClient } from "./api-client";
import { startTestApi, type TestApi } from "./test-api-server";

describe("ApiClient.publishedSignedFor", () => {
  let api: TestApi;
  beforeAll(async () => {
    await cryptoWaitReady();
    api = await startTestApi("explorer-a");
  });
  afterAll(() => api?.close());

  const client = (baseUrl: string) =>
    new ApiClient({
      baseUrl,
      signer: new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Validator1"),
      signedFor: "explorer-b",
      timeoutMs: 2_000,
    });

  it("reads the identity the explorer publishes in /api/v1/status", async () => {
    expect(await client(api.url).publishedSignedFor()).toBe("explorer-a");
  });

  it("answers null when the explorer cannot be read", async () => {
    expect(await client("http://127.0.0.1:9").publishedSignedFor()).toBeNull();
  });
});
