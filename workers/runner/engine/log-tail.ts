import { LOG_TAIL_BYTES } from "./settings";

/** The last `maxBytes` bytes of `text`, cut on a character boundary. */
export function utf8Tail(text: string, maxBytes: number = LOG_TAIL_BYTES): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  let start = bytes.length - maxBytes;
  // Skip UTF-8 continuation bytes (10xxxxxx) so the tail starts on a whole character.
  while (start < bytes.length && ((bytes[start] as number) & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString("utf8");
}
