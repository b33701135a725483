import { getDatabase } from "@/db/instance";
import { listEmissionsView } from "@/db/queries/emissions";
import { loadEnv } from "@/env";
import { csvResponse, toCsv, type CsvColumn } from "@/server/api/csv";
import { parseQuery } from "@/server/api/query";
import { route } from "@/server/api/route";
import { emissionsQuerySchema, type EpochEmissionView } from "@/lib/schemas/emissions";

export const dynamic = "force-dynamic";

const DEFAULT_RANGE_MS = 30 * 24 * 3600 * 1000;

// GET /api/v1/emissions – per-epoch emission to the king's UID between from and to (default: the last 30 days)
export const GET = route(async (request) => {
  const query = parseQuery(request, emissionsQuerySchema);
  const to = query.to === undefined ? new Date() : new Date(query.to);
  const from = query.from === undefined ? new Date(to.getTime() - DEFAULT_RANGE_MS) : new Date(query.from);
  const { db } = await getDatabase();
  const view = await listEmissionsView(db, loadEnv().NETUID, { from, to });
  if (query.format === "csv") return csvResponse("emissions.csv", toCsv(COLUMNS, view.epochs));
  return Response.json(view);
});

const COLUMNS: CsvColumn<EpochEmissionView>[] = [
  { header: "block", value: (e) => e.block },
  { header: "time", value: (e) => e.time },
  { header: "king_submission_id", value: (e) => e.kingSubmissionId },
  { header: "king_uid", value: (e) => e.kingUid },
  { header: "king_hotkey", value: (e) => e.kingHotkey },
  { header: "emission_rao", value: (e) => e.emissionRao },
  { header: "alpha_price_tao", value: (e) => e.alphaPriceTao },
  { header: "price_source", value: (e) => e.priceSource },
  { header: "tao_value_rao", value: (e) => e.taoValueRao },
  { header: "tempo", value: (e) => e.tempo },
];
