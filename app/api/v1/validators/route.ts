import { getDatabase } from "@/db/instance";
import { listValidatorsView } from "@/db/queries/validators-read";
import { loadEnv } from "@/env";
import { csvResponse, toCsv, type CsvColumn } from "@/server/api/csv";
import { parseQuery } from "@/server/api/query";
import { route } from "@/server/api/route";
import { validatorsQuerySchema, type ValidatorView } from "@/lib/schemas/validators";

export const dynamic = "force-dynamic";

// GET /api/v1/validators – permits and stake from the latest snapshot, activity and agreement with consensus
export const GET = route(async (request) => {
  const { format } = parseQuery(request, validatorsQuerySchema);
  const { db } = await getDatabase();
  const view = await listValidatorsView(db, loadEnv().NETUID);
  if (format === "csv") return csvResponse("validators.csv", toCsv(COLUMNS, view.validators));
  return Response.json(view);
});

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
