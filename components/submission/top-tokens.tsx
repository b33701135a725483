import { formatLogprob, formatToken } from "@/lib/format";
import { DEFAULT_PARAMS } from "@/lib/protocol/params";

// The two halves of a token-level verdict, shared by the divergence and the verification details: a top-5
// table with the tokens that matter marked, and the list of checks that decided it.

/** How far below the top-1 a tolerated token may be: the protocol's correctness parameter. */
export const MAX_LOGPROB_GAP = DEFAULT_PARAMS.correctness.maxLogprobGap;

const TOKEN_TONE = {
  baseline: "bg-emerald-100 dark:bg-emerald-900/50",
  served: "bg-red-100 dark:bg-red-900/50",
} as const;

/** A token quoted in a sentence, green for the baseline's and red for the one the submission served. */
export function QuotedToken({ token, tone }: { token: string; tone: keyof typeof TOKEN_TONE }) {
  return <code className={`rounded px-1 font-mono ${TOKEN_TONE[tone]}`}>{formatToken(token)}</code>;
}

export interface TokenMark {
  readonly token: string;
  readonly label: string;
  readonly className: string;
}

export function TopTokensTable({
  top,
  label,
  caption,
  marks,
}: {
  top: readonly { token: string; logprob: number }[];
  label: string;
  caption: string;
  marks: readonly TokenMark[];
}) {
  return (
    <table className="text-sm" aria-label={label}>
      <caption className="mb-1 text-left text-xs text-slate-500 dark:text-slate-400">{caption}</caption>
      <thead>
        <tr className="text-left text-xs text-slate-500 dark:text-slate-400">
          <th scope="col" className="pr-4">
            #
          </th>
          <th scope="col" className="pr-4">
            Token
          </th>
          <th scope="col" className="text-right">
            Logprob
          </th>
        </tr>
      </thead>
      <tbody className="font-mono">
        {top.map((t, i) => (
          <tr key={`${i}-${t.token}`}>
            <td className="pr-4">{i + 1}</td>
            <td className="pr-4">
              {formatToken(t.token)}
              {marks
                .filter((m) => m.token === t.token)
                .map((m) => (
                  <span key={m.label} className={`ml-2 text-xs ${m.className}`}>
                    {m.label}
                  </span>
                ))}
            </td>
            <td className="text-right tabular-nums">{formatLogprob(t.logprob)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CheckList({ checks, label }: { checks: readonly [string, boolean][]; label: string }) {
  return (
    <ul className="space-y-1 text-sm" aria-label={label}>
      {checks.map(([text, ok]) => (
        <li key={text} className="flex gap-2">
          <span aria-hidden className={ok ? "text-emerald-600" : "text-red-600"}>
            {ok ? "✓" : "✗"}
          </span>
          <span>
            <span className="sr-only">{ok ? "Passed: " : "Failed: "}</span>
            {text}
          </span>
        </li>
      ))}
    </ul>
  );
}
