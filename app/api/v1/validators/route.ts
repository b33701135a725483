import { csvResponse, toCsv, type CsvColumn } from "@/server/api/csv";
import { readRoute } from "@/server/api/read-route";
import type { ValidatorView } from "@/lib/schemas/validators";

export const dynamic = "force-dynamic";

// GET /api/v1/validators – permits and stake from the latest snapshot, activity and agreement with consensus
export const GET = readRoute("/api/v1/validators", (view) =>
  csvResponse("validators.csv", toCsv(COLUMNS, view.validators)),
);

const COLUMNS: CsvColumn<ValidatorView>[] = [
  { header: "hotkey", value: (v) => v.hotkey },
  { header: "uid", value: (v) => v.uid },
  { header: "stake_rao", value: (v) => v.stakeRao },
  { header: "permit", value: (v) => v.permit },
  { header: "runs_posted", value: (v) => v.runsPosted },
  { header: "first_seen_at", value: (v) => v.firstSeenAt },
  { header: "last_seen_at", value: (v) => v.lastSeenAt },
  { header: "runner_version", value: (v) => v.runnerVersion },
  { header: "agreeing", value: (v) => v.agreement.agreeing },
  { header: "counted", value: (v) => v.agreement.counted },
  { header: "agreement_rate", value: (v) => v.agreement.rate },
];
