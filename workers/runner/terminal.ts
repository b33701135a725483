import type { LiveNote, PullProgress } from "@/workers/runner/engine/live";
import type { LogRecord, LogSink } from "@/lib/log";

// What an operator watching the runner in a terminal sees: log lines in words rather than JSON, and below
// them one status line redrawn in place (the job, its phase, prompt k of N, a pull's bytes, the health wait's
// time left, the time it has taken). Without a
// terminal (systemd, a pipe) none of this runs and the log stays one JSON object a line.

export interface TerminalOut {
  readonly isTTY?: boolean;
  write(text: string): boolean;
}

/** Prompt k of N within a phase, counting from 1 (the runner's progress reports). */
export interface StatusPrompt {
  readonly index: number;
  readonly count: number;
}

const CLEAR_LINE = "\r\x1b[2K";

/** m:ss, or h:mm:ss past an hour. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/** 3.2 GB, 850 MB, 12 kB: decimal units, as registries and `docker images` count. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(0)} MB`;
  return `${(bytes / 1e3).toFixed(0)} kB`;
}

/** `3.2 GB of 14.8 GB (5 of 12 layers)`: the layers say why the bytes move in steps. */
const pullText = (p: PullProgress): string =>
  `${formatBytes(p.doneBytes)} of ${formatBytes(p.totalBytes)} (${p.layersDone} of ${p.layerCount} layers)`;

/** What a live note adds to the status line; the health wait's deadline on the status line's own clock. */
type Live =
  { readonly kind: "pull"; readonly text: string } | { readonly kind: "health"; readonly deadlineMs: number };

interface JobShown {
  readonly label: string;
  readonly startedAtMs: number;
  readonly phase: string;
  readonly detail: string;
  readonly live: Live | null;
}

export class StatusLine {
  private job: JobShown | null = null;
  private shown = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly out: TerminalOut,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** The status text, without terminal codes; "" when no job runs. */
  text(): string {
    const j = this.job;
    if (j === null) return "";
    const now = this.nowMs();
    const live =
      j.live === null
        ? ""
        : ` · ${j.live.kind === "pull" ? j.live.text : `${formatElapsed(j.live.deadlineMs - now)} left`}`;
    return `[${formatElapsed(now - j.startedAtMs)}] ${j.label} · ${j.phase}${j.detail === "" ? "" : ` · ${j.detail}`}${live}`;
  }

  start(label: string): void {
    this.job = { label, startedAtMs: this.nowMs(), phase: "leased", detail: "", live: null };
    // The elapsed time moves even while a prompt takes a minute.
    this.timer ??= setInterval(() => this.redraw(), 1_000);
    this.timer.unref();
    this.redraw();
  }

  update(phase: string, detail: string, prompt?: StatusPrompt): void {
    if (this.job === null) return;
    const done = (prompt?.index ?? 1) - 1;
    const progress =
      prompt === undefined
        ? ""
        : `${detail === "" ? "" : " · "}prompt ${prompt.index} of ${prompt.count} ${"#".repeat(done)}${".".repeat(prompt.count - done)}`;
    // A new phase or step ends whatever the live note said (the pull is done, the server answered).
    this.job = { ...this.job, phase, detail: `${detail}${progress}`, live: null };
    this.redraw();
  }

  /** What moves within a phase: a pull's bytes, or the health wait, counted down by the timer each second. */
  live(note: LiveNote): void {
    if (this.job === null) return;
    const live: Live =
      note.kind === "health"
        ? { kind: "health", deadlineMs: this.nowMs() + note.timeoutMs }
        : { kind: "pull", text: pullText(note.progress) };
    this.job = { ...this.job, live };
    this.redraw();
  }

  /** Ends the job with a line that stays (its run's outcome and where its report is). */
  end(line: string): void {
    this.job = null;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.print(line);
  }

  /** A line printed above the status line. */
  print(line: string): void {
    this.out.write(`${this.shown ? CLEAR_LINE : ""}${line}\n`);
    this.shown = false;
    this.redraw();
  }

  private redraw(): void {
    const text = this.text();
    if (text === "" && !this.shown) return;
    this.out.write(`${CLEAR_LINE}${text}`);
    this.shown = text !== "";
  }
}

const FIELD_SKIP = new Set(["time", "level", "msg"]);

/** One log record in words: `12:03:04 warn  the API is unreachable  retryInMs=2000 error="…"`. */
export function formatRecord(record: LogRecord): string {
  const fields = Object.entries(record)
    .filter(([key]) => !FIELD_SKIP.has(key))
    .map(
      ([key, value]) =>
        `${key}=${typeof value === "string" ? (/\s/.test(value) ? JSON.stringify(value) : value) : JSON.stringify(value)}`,
    )
    .join(" ");
  const time = record.time.slice(11, 19);
  return `${time} ${record.level.padEnd(5)} ${record.msg}${fields === "" ? "" : `  ${fields}`}`;
}

/** The log as a terminal shows it: in words, above the status line. */
export const terminalSink =
  (status: StatusLine): LogSink =>
  (record) =>
    status.print(formatRecord(record));
