/**
 * Structured logs: one JSON object per line on stdout/stderr, so an operator can grep and a collector can
 * parse. Never pass secrets or signatures in `fields`.
 */
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

// Drizzle's "Failed query" errors end their message with the query's params, which for a run are the signed
// envelope and its log tail: everything after "params:" is dropped before anything is written.
const withoutParams = (text: string): string => text.split("\nparams:")[0] ?? text;

// A last line of defence for what a driver or a caller quotes: the password of a connection string
// (postgres://user:password@host) and anything shaped like an Epistula signature (0x + 128 hex) are masked.
const redact = (text: string): string =>
  text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:)[^@\s/]*@/gi, "$1***@")
    .replace(/0x[0-9a-fA-F]{128}/g, "0x[signature]");

function serializeError(error: Error, depth: number): Record<string, unknown> {
  return {
    name: error.name,
    message: redact(withoutParams(error.message)),
    frames: error.stack
      ?.split("\n")
      .filter((line) => line.startsWith("    at "))
      .join("\n"),
    // The underlying cause (e.g. the Postgres error behind a Drizzle error) is what an operator needs.
    cause: error.cause instanceof Error && depth < 3 ? serializeError(error.cause, depth + 1) : undefined,
  };
}

function serialize(value: unknown): unknown {
  if (value instanceof Error) return serializeError(value, 0);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return redact(value);
  return value;
}

export type LogRecord = Record<string, unknown> & { time: string; level: Level; msg: string };
export type LogSink = (record: LogRecord) => void;

const stdioSink: LogSink = (record) => {
  const line = JSON.stringify(record) + "\n";
  if (ORDER[record.level] >= ORDER.warn) process.stderr.write(line);
  else process.stdout.write(line);
};

/** `sink` receives each record already serialized (tests capture exactly what would be written). */
export function createLogger(
  bindings: Record<string, unknown> = {},
  minLevel: Level = "info",
  sink: LogSink = stdioSink,
): Logger {
  const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[minLevel]) return;
    const record: LogRecord = { time: new Date().toISOString(), level, msg, ...bindings };
    for (const [k, v] of Object.entries(fields ?? {})) record[k] = serialize(v);
    sink(record);
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (more) => createLogger({ ...bindings, ...more }, minLevel, sink),
  };
}
