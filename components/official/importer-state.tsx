import { formatUtc } from "@/lib/format";
import type { OfficialImporterState } from "@/server/read/official";
import { Notice } from "@/components/ui/notice";

/**
 * Whether the official track is current: disabled, never reached, briefly rate-limited or down (keeping the
 * last data, with its age), or unreachable.
 */
export function ImporterState({ importer }: { importer: OfficialImporterState | null }) {
  if (!importer) {
    return (
      <Notice title="The official importer has not run yet.">
        Nothing has been fetched from the subnet&apos;s validator.
      </Notice>
    );
  }
  const last = importer.lastOkAt
    ? `Last complete fetch ${formatUtc(new Date(importer.lastOkAt))}.`
    : "Nothing fetched yet.";
  const retry = importer.nextRetryAt ? ` Next try ${formatUtc(new Date(importer.nextRetryAt))}.` : "";
  switch (importer.state) {
    case "ok":
      return (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Following <span className="font-mono">{importer.baseUrl}</span>. {last}
        </p>
      );
    case "disabled":
      return <Notice title="The official importer is off.">OFFICIAL_API_URL is empty.</Notice>;
    case "rate_limited":
    case "unavailable":
      return (
        <Notice
          tone="warn"
          title={
            importer.state === "rate_limited"
              ? "Official API: rate-limited"
              : "Official API: unavailable (503)"
          }
        >
          Showing the last data the validator published. {last}
          {retry}
        </Notice>
      );
    default:
      return (
        <Notice tone="bad" title="Official API unreachable">
          <span className="[overflow-wrap:anywhere]">
            <span className="font-mono">{importer.baseUrl}</span> does not answer (
            {importer.lastError ?? "no detail"}); retrying with back-off. {last}
            {retry}
          </span>
        </Notice>
      );
  }
}
