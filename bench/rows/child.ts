import { spawn } from "node:child_process";

/** Runs one of the standalone benches in its own process; resolves to its stdout (stderr passes through). */
export function runBench(script: string, args: string[], echo: (line: string) => void): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    for (const line of chunk.toString().split("\n")) if (line.trim()) echo(`    ${line}`);
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}`)),
    );
  });
}
