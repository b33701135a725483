import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "./log";

describe("createLogger", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes one JSON line with the bindings and fields, errors on stderr", () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    createLogger({ process: "test" }).error("boom", { amount: 5n });
    const line = JSON.parse(String(err.mock.calls[0]?.[0]));
    expect(line).toMatchObject({ level: "error", msg: "boom", process: "test", amount: "5" });
  });

  it("drops query params from database errors and keeps the cause", () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const cause = new Error('duplicate key value violates unique constraint "runs_pkey"');
    const error = new Error('Failed query: insert into "runs" values ($1)\nparams: {"secret":"envelope"}', {
      cause,
    });
    createLogger().error("unhandled error", { error });
    const text = String(err.mock.calls[0]?.[0]);
    expect(text).not.toContain("envelope");
    expect(JSON.parse(text).error).toMatchObject({
      message: 'Failed query: insert into "runs" values ($1)',
      cause: { message: 'duplicate key value violates unique constraint "runs_pkey"' },
    });
  });

  it("skips records below the minimum level", () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    createLogger({}, "warn").info("quiet");
    expect(out).not.toHaveBeenCalled();
  });
});
