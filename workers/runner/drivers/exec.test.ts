import { describe, expect, it } from "vitest";

import { blameForRun } from "./docker-faults";
import { execCommand } from "./exec";

describe("execCommand", () => {
  it("says when a command was killed at its timeout, which then blames no image", async () => {
    const result = await execCommand("sleep")(["5"], { timeoutMs: 100 });
    expect(result.failure).toBe("timeout");
    // Before, a timed-out `docker run` read as exit 127, the image's command not found.
    expect(result.code).not.toBe(127);
    expect(blameForRun(result)).toBe("validator");
  });

  it("says when the CLI could not be started at all", async () => {
    const result = await execCommand("/nonexistent/docker")(["run"]);
    expect(result.failure).toBe("not_started");
    expect(blameForRun(result)).toBe("validator");
  });

  it("passes a command's own exit code through", async () => {
    const result = await execCommand("sh")(["-c", "echo oops >&2; exit 125"]);
    expect(result).toMatchObject({ code: 125, stderr: "oops\n" });
    expect(result.failure).toBeUndefined();
  });
});
