import { BYTE_BASE, EOT_ID, IM_START_ID, VOCAB } from "./model";

// The reference model's tokenizer and chat template, shaped like Qwen's: the longest vocabulary entry at each
// point, else the UTF-8 bytes of one character as byte tokens; `<|im_start|>role\ncontent<|im_end|>\n` per
// message. It is what POST /tokenize and prompt_logprobs use, so the runner's verification runs for real.

export const IM_END = "<|im_end|>";
export const IM_START = "<|im_start|>";

const BY_FIRST_CHAR = new Map<string, { token: string; id: number }[]>();
VOCAB.forEach((token, id) => {
  const list = BY_FIRST_CHAR.get(token[0] as string) ?? [];
  list.push({ token, id });
  BY_FIRST_CHAR.set(token[0] as string, list);
});
for (const list of BY_FIRST_CHAR.values()) list.sort((a, b) => b.token.length - a.token.length);

/** Token ids of a text (no special tokens). */
export function encode(text: string): number[] {
  const ids: number[] = [];
  let i = 0;
  while (i < text.length) {
    const hit = BY_FIRST_CHAR.get(text[i] as string)?.find((c) => text.startsWith(c.token, i));
    if (hit !== undefined) {
      ids.push(hit.id);
      i += hit.token.length;
      continue;
    }
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      ids.push(BYTE_BASE + code);
      i++;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(i) as number);
    for (const byte of Buffer.from(char, "utf8")) ids.push(BYTE_BASE + byte);
    i += char.length;
  }
  return ids;
}

/** One token as text: a byte token that is not printable ASCII shows as <0xNN>, as sentencepiece writes it. */
export function tokenText(id: number): string {
  if (id === EOT_ID) return IM_END;
  if (id === IM_START_ID) return IM_START;
  if (id >= BYTE_BASE) {
    const byte = id - BYTE_BASE;
    return byte >= 0x20 && byte < 0x7f
      ? String.fromCharCode(byte)
      : `<0x${byte.toString(16).padStart(2, "0").toUpperCase()}>`;
  }
  return VOCAB[id] ?? `<unk:${id}>`;
}

/** The text of a sequence of ids (byte tokens joined into UTF-8). */
export function decodeIds(ids: readonly number[]): string {
  const bytes: number[] = [];
  for (const id of ids) {
    if (id >= BYTE_BASE) bytes.push(id - BYTE_BASE);
    else bytes.push(...Buffer.from(tokenText(id), "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

export interface TemplateMessage {
  readonly role: string;
  readonly content: string;
}

export interface TemplateOptions {
  readonly addGenerationPrompt: boolean;
  /** The final message (an assistant's) is left open, to be continued: no end of turn after it. */
  readonly continueFinalMessage: boolean;
}

/** The chat template's ids for a conversation. */
export function chatIds(messages: readonly TemplateMessage[], o: TemplateOptions): number[] {
  const ids: number[] = [];
  messages.forEach((m, i) => {
    ids.push(IM_START_ID, ...encode(`${m.role}\n`), ...encode(m.content));
    if (!(o.continueFinalMessage && i === messages.length - 1)) ids.push(EOT_ID, ...encode("\n"));
  });
  if (o.addGenerationPrompt) ids.push(IM_START_ID, ...encode("assistant\n"));
  return ids;
}
