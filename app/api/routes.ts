import { routeTable } from "@/server/api/route-table";
import * as health from "./health/route";
import * as ready from "./ready/route";
import * as emissions from "./v1/emissions/route";
import * as evaluations from "./v1/evaluations/route";
import * as events from "./v1/events/route";
import * as lease from "./v1/jobs/[submissionId]/lease/route";
import * as jobs from "./v1/jobs/route";
import * as king from "./v1/king/route";
import * as kings from "./v1/kings/route";
import * as miner from "./v1/miners/[hotkey]/route";
import * as openapi from "./v1/openapi.json/route";
import * as progress from "./v1/runs/[runId]/progress/route";
import * as run from "./v1/runs/[runId]/route";
import * as runs from "./v1/runs/route";
import * as status from "./v1/status/route";
import * as submission from "./v1/submissions/[id]/route";
import * as submissions from "./v1/submissions/route";
import * as validators from "./v1/validators/route";

// Every route of the API, as its folder spells it: what the production server's API front serves
// (server/api-front.ts). Imported statically, so the server bundle (npm run build) carries them; a test checks
// that the table names each route.ts under app/api exactly once.
export const API_ROUTES = routeTable([
  ["/api/health", health],
  ["/api/ready", ready],
  ["/api/v1/emissions", emissions],
  ["/api/v1/evaluations", evaluations],
  ["/api/v1/events", events],
  ["/api/v1/jobs", jobs],
  ["/api/v1/jobs/[submissionId]/lease", lease],
  ["/api/v1/king", king],
  ["/api/v1/kings", kings],
  ["/api/v1/miners/[hotkey]", miner],
  ["/api/v1/openapi.json", openapi],
  ["/api/v1/runs", runs],
  ["/api/v1/runs/[runId]", run],
  ["/api/v1/runs/[runId]/progress", progress],
  ["/api/v1/status", status],
  ["/api/v1/submissions", submissions],
  ["/api/v1/submissions/[id]", submission],
  ["/api/v1/validators", validators],
]);
