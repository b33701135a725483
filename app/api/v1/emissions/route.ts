import { csvResponse, toCsv, type CsvColumn } from "@/server/api/csv";
import { readRoute } from "@/server/api/read-route";
import type { EpochEmissionView } from "@/lib/schemas/emissions";

export const dynamic = "force-dynamic";

// GET /api/v1/emissions – per-epoch emission to the king's UID between from and to (default: the last 30 days)
export const GET = readRoute("/api/v1/emissions", (view) =>
  csvResponse("emissions.csv", toCsv(COLUMNS, view.epochs)),
);

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
