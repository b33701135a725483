// A well-formedness check for the XML this repository writes (elements, quoted attributes, the five entities):
// enough to catch an unescaped "<" or "&", an unclosed or crossed element, without an XML parser dependency.
// The browser tests parse the served feeds with Chromium's own XML parser as well.

const NAME = "[A-Za-z_][\\w.-]*";
const TOKEN = new RegExp(
  `<\\?xml[^?]*\\?>|<(/?)(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>|&(?:amp|lt|gt|quot|apos);|[<&]`,
  "g",
);

/** Returns null when well-formed, else what is wrong and where. */
export function xmlProblem(xml: string): string | null {
  if (!xml.startsWith("<?xml")) return "no XML declaration";
  const open: string[] = [];
  let roots = 0;
  for (const m of xml.matchAll(TOKEN)) {
    const [token, closing, name, , selfClosing] = m;
    if (token === "<" || token === "&") return `a bare "${token}" at ${m.index}`;
    if (name === undefined) continue;
    if (closing) {
      if (open.pop() !== name) return `</${name}> closes nothing open at ${m.index}`;
    } else {
      if (open.length === 0) roots++;
      if (!selfClosing) open.push(name);
    }
  }
  if (open.length > 0) return `unclosed <${open.join("><")}>`;
  return roots === 1 ? null : `${roots} root elements`;
}
