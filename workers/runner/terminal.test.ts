import { afterEach, describe, expect, it, vi } from "vitest";

import { formatBytes, formatElapsed, formatRecord, StatusLine, type TerminalOut } from "./terminal";
import { operatorOutput } from "./start";

// The operator's terminal: one status line redrawn in place (phase, prompt k of N, elapsed) under log lines
// in words; without a terminal, none of it.

function terminal(isTTY = true): TerminalOut & { written: string } {
  const out = {
    isTTY,
    written: "",
    write(text: string) {
      out.written += text;
      return true;
    },
  };
  return out;
}

let line: StatusLine | null = null;
afterEach(() => line?.end(""));

describe("StatusLine", () => {
  it("shows the job, its phase, prompt k of N and the time it has taken", () => {
    let now = 0;
    const out = terminal();
    line = new StatusLine(out, () => now);
    line.start("alice/fast:1 (submission 7)");
    expect(line.text()).toBe("[0:00] alice/fast:1 (submission 7) · leased");
    now = 65_000;
    line.update("benchmark", "10 timed prompts", { index: 3, count: 10 });
    expect(line.text()).toBe(
      "[1:05] alice/fast:1 (submission 7) · benchmark · 10 timed prompts · prompt 3 of 10 ##........",
    );
    // Redrawn in place: each draw clears the line first, and nothing ends it.
    expect(
      out.written.endsWith(
        "\r\x1b[2K[1:05] alice/fast:1 (submission 7) · benchmark · 10 timed prompts · prompt 3 of 10 ##........",
      ),
    ).toBe(true);
    expect(out.written).not.toContain("\n");
  });

  it("prints log lines above the status line and leaves the outcome when the job ends", () => {
    const out = terminal();
    line = new StatusLine(out, () => 0);
    line.start("alice/fast:1");
    line.print("12:00:00 info  job leased");
    expect(out.written).toContain(
      "\r\x1b[2K12:00:00 info  job leased\n\r\x1b[2K[0:00] alice/fast:1 · leased",
    );
    line.end("alice/fast:1: scored 12.0 %  report: /r/report.json");
    expect(out.written.endsWith("\r\x1b[2Kalice/fast:1: scored 12.0 %  report: /r/report.json\n")).toBe(true);
    expect(line.text()).toBe("");
    line = null;
  });
});

describe("StatusLine: what moves within a phase", () => {
  it("counts the health wait down each second on its own clock, and drops it once the phase moves on", async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const out = terminal();
      line = new StatusLine(out, () => now);
      line.start("alice/fast:1");
      line.update("health", "polling http://172.18.0.2:8000/health");
      line.live({ kind: "health", timeoutMs: 600_000 });
      expect(line.text()).toBe(
        "[0:00] alice/fast:1 · health · polling http://172.18.0.2:8000/health · 10:00 left",
      );
      // The timer redraws it: nothing else is told the time.
      now = 348_000;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(
        out.written.endsWith(
          "[5:48] alice/fast:1 · health · polling http://172.18.0.2:8000/health · 4:12 left",
        ),
      ).toBe(true);
      now = 601_000;
      expect(line.text()).toContain(" · 0:00 left");
      line.update("warmup", "2 prompts");
      expect(line.text()).toBe("[10:01] alice/fast:1 · warmup · 2 prompts");
    } finally {
      line?.end("");
      line = null;
      vi.useRealTimers();
    }
  });

  it("shows a pull's bytes done of its total", () => {
    const out = terminal();
    line = new StatusLine(out, () => 0);
    line.start("alice/fast:1");
    line.update("pulling", "");
    line.live({
      kind: "pull",
      progress: { doneBytes: 3.2e9, totalBytes: 14.8e9, layersDone: 5, layerCount: 12 },
    });
    expect(line.text()).toBe("[0:00] alice/fast:1 · pulling · 3.2 GB of 14.8 GB (5 of 12 layers)");
    expect(formatBytes(850e6)).toBe("850 MB");
    expect(formatBytes(12_000)).toBe("12 kB");
  });
});

describe("operator output", () => {
  it("is words and a status line in a terminal, JSON lines without one", () => {
    const tty = terminal(true);
    const inTerminal = operatorOutput(tty, "info");
    expect(inTerminal.line).not.toBeNull();
    inTerminal.log.warn("the API is unreachable", { retryInMs: 2000 });
    expect(tty.written).toMatch(
      /^\d\d:\d\d:\d\d warn  the API is unreachable {2}process=runner .*retryInMs=2000\n$/,
    );

    const pipe = terminal(false);
    const piped = operatorOutput(pipe, "info");
    expect(piped.line).toBeNull();
    expect(pipe.written).toBe("");
  });

  it("formats elapsed time and log records", () => {
    expect([formatElapsed(0), formatElapsed(61_500), formatElapsed(3_725_000)]).toEqual([
      "0:00",
      "1:01",
      "1:02:05",
    ]);
    expect(
      formatRecord({
        time: "2026-12-06T12:03:04.000Z",
        level: "info",
        msg: "phase",
        phase: "health",
        detail: "polling x",
      }),
    ).toBe('12:03:04 info  phase  phase=health detail="polling x"');
  });
});
