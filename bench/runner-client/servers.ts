// The bench's servers, run in their own process so they never share the client's event loop:
//   node --import tsx bench/runner-client/servers.ts
// GET /truth: the CLOCK_MONOTONIC time (ms) at which the last first-content chunk was handed to the socket.
// POST /v1/chat/completions with header x-bench: "truth" (random TTFT, then a few tokens) or "blast" /
// "blast-logprobs" (a pre-built stream of BLAST_TOKENS chunks written as fast as the socket takes them).
import http from "node:http";
import type { AddressInfo } from "node:net";

const MODEL = "Qwen2.5-72B-Instruct";
export const BLAST_TOKENS = 200_000;

const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;
const chunk = (delta: object, logprobs: object | null = null) =>
  `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1, model: MODEL, choices: [{ index: 0, delta, logprobs, finish_reason: null }] })}\n\n`;

function blastBuffer(withLogprobs: boolean): Buffer {
  const parts = [chunk({ role: "assistant", content: "" })];
  for (let i = 0; i < BLAST_TOKENS; i++) {
    const token = ` w${i % 997}`;
    const top = [token, " a", " b", " c", " d"].map((t, k) => ({
      token: t,
      logprob: -0.1 * (k + 1),
      bytes: [...Buffer.from(t)],
    }));
    parts.push(
      chunk(
        { content: token },
        withLogprobs
          ? { content: [{ token, logprob: -0.1, bytes: [...Buffer.from(token)], top_logprobs: top }] }
          : null,
      ),
    );
  }
  parts.push("data: [DONE]\n\n");
  return Buffer.from(parts.join(""));
}

const blasts = { blast: blastBuffer(false), "blast-logprobs": blastBuffer(true) };
let lastFirstContentAt = 0;

function writeAll(res: http.ServerResponse, buf: Buffer): void {
  let offset = 0;
  const pump = () => {
    while (offset < buf.length) {
      const piece = buf.subarray(offset, offset + 65_536);
      offset += piece.length;
      if (!res.write(piece)) return void res.once("drain", pump);
    }
    res.end();
  };
  pump();
}

const server = http.createServer((req, res) => {
  if (req.url === "/truth") return void res.end(JSON.stringify({ firstContentAt: lastFirstContentAt }));
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    const kind = String(req.headers["x-bench"]);
    if (kind === "blast" || kind === "blast-logprobs") return writeAll(res, blasts[kind]);
    res.write(chunk({ role: "assistant", content: "" }));
    setTimeout(
      () => {
        lastFirstContentAt = monotonicMs();
        res.write(chunk({ content: "Hello" }));
        setTimeout(() => res.end(`${chunk({ content: " world" })}data: [DONE]\n\n`), 1);
      },
      5 + Math.random() * 25,
    );
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
