import { taostatsColdkeyUrl, taostatsHotkeyUrl } from "@/lib/chain/taostats";
import { truncateHotkey } from "@/lib/format";
import { registryPageUrl } from "@/lib/protocol/registry-page";
import { CopyButton } from "./copy-button";

const LINK =
  "whitespace-nowrap text-xs text-slate-600 underline decoration-slate-300 underline-offset-2 hover:text-slate-900 dark:text-slate-300 dark:decoration-slate-600 dark:hover:text-white";

/** "taostats ↗" for a hotkey or a coldkey; nothing for a key taostats could not have a page for. */
export function TaostatsLink({ address, kind }: { address: string; kind: "hotkey" | "coldkey" }) {
  const href = kind === "hotkey" ? taostatsHotkeyUrl(address) : taostatsColdkeyUrl(address);
  if (!href) return null;
  return (
    <a href={href} rel="noopener noreferrer" target="_blank" className={LINK}>
      taostats<span aria-hidden> ↗</span>
      <span className="sr-only">
        : {kind} {address} (opens taostats.io)
      </span>
    </a>
  );
}

/** A coldkey (the owner's account), shortened, with a copy button and its taostats page. */
export function Coldkey({ coldkey }: { coldkey: string }) {
  return (
    <span className="inline-flex items-center gap-1 font-mono text-sm">
      <span title={coldkey}>{truncateHotkey(coldkey)}</span>
      <CopyButton value={coldkey} label="coldkey" />
      <TaostatsLink address={coldkey} kind="coldkey" />
    </span>
  );
}

/** The image's repository page on its registry's website, when the registry is one whose pages we know. */
export function RegistryLink({ image }: { image: string }) {
  const href = registryPageUrl(image);
  if (!href) return null;
  return (
    <a href={href} rel="noopener noreferrer" target="_blank" className={LINK}>
      {new URL(href).hostname.replace(/^www\./, "")}
      <span aria-hidden> ↗</span>
      <span className="sr-only"> (the image&apos;s registry page)</span>
    </a>
  );
}
