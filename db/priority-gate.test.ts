import { describe, expect, it } from "vitest";
import { PriorityGate } from "./priority-gate";

describe("PriorityGate", () => {
  it("runs one operation at a time, urgent ones before those that were waiting, each with its own result", async () => {
    const gate = new PriorityGate();
    const order: string[] = [];
    let running = 0;
    let most = 0;
    const op = (name: string) => async () => {
      running++;
      most = Math.max(most, running);
      order.push(name);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (name === "bad") throw new Error("bad");
      return name;
    };
    const results = await Promise.allSettled([
      gate.run(false, op("read 1")),
      gate.run(false, op("read 2")),
      gate.run(false, op("bad")),
      gate.run(true, op("write 1")),
      gate.run(false, op("read 3")),
      gate.run(true, op("write 2")),
    ]);
    expect(order).toEqual(["read 1", "write 1", "write 2", "read 2", "bad", "read 3"]);
    expect(most).toBe(1);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : String(r.reason)))).toEqual([
      "read 1",
      "read 2",
      "Error: bad",
      "write 1",
      "read 3",
      "write 2",
    ]);
  });
});
