import { truncateHotkey } from "@/lib/format";
import { CopyButton } from "./copy-button";

/** A hotkey shortened to 6…4, linked to its miner page (unless `link` is false), with a copy button. */
export function Hotkey({ hotkey, link = true }: { hotkey: string; link?: boolean }) {
  const short = truncateHotkey(hotkey);
  return (
    <span className="inline-flex items-center gap-0.5 font-mono text-sm">
      {link ? (
        <a
          href={`/miners/${hotkey}`}
          title={hotkey}
          className="underline decoration-slate-300 underline-offset-2 hover:decoration-slate-900 dark:decoration-slate-600 dark:hover:decoration-white"
        >
          {/* The accessible name starts with what is seen (speech input) and goes on with the full hotkey. */}
          {short}
          <span className="sr-only">, miner {hotkey}</span>
        </a>
      ) : (
        <span title={hotkey}>{short}</span>
      )}
      <CopyButton value={hotkey} label="hotkey" />
    </span>
  );
}
