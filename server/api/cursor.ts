import type { z } from "zod";

// Opaque keyset cursors: base64url of a small JSON object. Opaque so clients never build one by hand and
// the server may change what it keeps in them; validated on the way back in, as any other input.

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** The cursor's payload, or null when it is not one of ours (bad base64, bad JSON, wrong shape). */
export function decodeCursor<T>(text: string, schema: z.ZodType<T>): T | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
