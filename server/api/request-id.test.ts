import { describe, expect, it } from "vitest";
import { createLogger, type LogRecord } from "@/lib/log";
import { requestIdOf } from "./request-id";
import { route } from "./route";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const get = (id?: string) =>
  new Request("http://explorer.test/api/v1/status", {
    headers: id === undefined ? {} : { "x-request-id": id },
  });

describe("requestIdOf", () => {
  it.each(["abc-123", "req.1:2_3", "a".repeat(128)])("takes over a plain token (%s)", (id) => {
    expect(requestIdOf(get(id))).toBe(id);
  });

  it.each(["", "x y", "a".repeat(129), "id\u00e9", '"><script>', "a,b"])(
    "makes a new one instead of %j",
    (id) => {
      expect(requestIdOf(get(id))).toMatch(UUID);
    },
  );

  it("makes a new one when there is none", () => {
    expect(requestIdOf(get())).toMatch(UUID);
  });
});

describe("route – request ids", () => {
  it("answers with the caller's request id, or a new one", async () => {
    const handler = route(async () => Response.json({ ok: true }));
    expect((await handler(get("trace-42"), {})).headers.get("x-request-id")).toBe("trace-42");
    expect((await handler(get("x y"), {})).headers.get("x-request-id")).toMatch(UUID);
  });

  it("logs an unhandled error with the request id it answered with", async () => {
    const records: LogRecord[] = [];
    const handler = route(
      () => Promise.reject(new Error("boom")),
      createLogger({ component: "api" }, "info", (r) => records.push(r)),
    );
    const response = await handler(get("trace-43"), {});
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { code: string; requestId: string } };
    expect(body.error).toMatchObject({ code: "internal_error", requestId: "trace-43" });
    expect(records).toMatchObject([{ level: "error", msg: "unhandled error", requestId: "trace-43" }]);
  });
});
