import { csvResponse, toCsv, type CsvColumn } from "@/server/api/csv";
import { readRoute } from "@/server/api/read-route";
import type { ReignView } from "@/lib/schemas/kings";

export const dynamic = "force-dynamic";

// GET /api/v1/kings – every reign (or the newest `limit`), newest first, with the threshold it beat and how it
// ended
export const GET = readRoute("/api/v1/kings", (view) =>
  csvResponse("kings.csv", toCsv(COLUMNS, view.reigns)),
);

const COLUMNS: CsvColumn<ReignView>[] = [
  { header: "submission_id", value: (r) => r.submissionId },
  { header: "hotkey", value: (r) => r.hotkey },
  { header: "uid", value: (r) => r.uid },
  { header: "image", value: (r) => r.image },
  { header: "digest", value: (r) => r.digest },
  { header: "score", value: (r) => r.score },
  { header: "from_block", value: (r) => r.fromBlock },
  { header: "from_time", value: (r) => r.fromTime },
  { header: "to_block", value: (r) => r.toBlock },
  { header: "to_time", value: (r) => r.toTime },
  { header: "threshold_beaten", value: (r) => r.thresholdBeaten },
  { header: "previous_submission_id", value: (r) => r.previousSubmissionId },
  { header: "previous_score", value: (r) => r.previousScore },
  { header: "end_reason", value: (r) => r.endReason },
  { header: "ended_by_submission_id", value: (r) => r.endedBySubmissionId },
  { header: "ended_by_hotkey", value: (r) => r.endedByHotkey },
  { header: "alpha_rao", value: (r) => r.alphaRao },
  { header: "tao_rao", value: (r) => r.taoRao },
  { header: "epochs", value: (r) => r.epochs },
];
