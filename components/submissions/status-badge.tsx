import { Badge, type Tone } from "@/components/ui/badge";
import type { SubmissionSummary } from "@/lib/schemas/submissions";

const TONE: Record<SubmissionSummary["status"], Tone> = {
  scored: "good",
  failed: "bad",
  pending: "neutral",
  evaluating: "warn",
};

/** The status, and the standing where it says more ("king", "ranked", "duplicate"). */
export function StatusBadge({ s }: { s: Pick<SubmissionSummary, "status" | "standing" | "failureReason"> }) {
  if (s.standing === "king") return <Badge tone="good">king</Badge>;
  const label =
    s.status === "failed" && s.failureReason ? `failed: ${s.failureReason.replaceAll("_", " ")}` : s.status;
  return <Badge tone={TONE[s.status]}>{label}</Badge>;
}
