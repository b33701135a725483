import { routeTable } from "@/server/api/route-table";
import { READ_ROUTES } from "./read-routes";
import * as health from "./health/route";
import * as ready from "./ready/route";
import * as events from "./v1/events/route";
import * as lease from "./v1/jobs/[submissionId]/lease/route";
import * as jobs from "./v1/jobs/route";
import * as openapi from "./v1/openapi.json/route";
import * as progress from "./v1/runs/[runId]/progress/route";
import * as run from "./v1/runs/[runId]/route";
import * as runs from "./v1/runs/route";

// Every route of the API, as its folder spells it (the pages' reads from read-routes.ts, then the rest): what
// the production server's API front serves (server/api-front.ts). Imported statically, so the server bundle
// (npm run build) carries them; a test checks that the table names each route.ts under app/api exactly once.
export const API_ROUTES = routeTable([
  ...READ_ROUTES,
  ["/api/health", health],
  ["/api/ready", ready],
  ["/api/v1/events", events],
  ["/api/v1/jobs", jobs],
  ["/api/v1/jobs/[submissionId]/lease", lease],
  ["/api/v1/openapi.json", openapi],
  ["/api/v1/runs", runs],
  ["/api/v1/runs/[runId]", run],
  ["/api/v1/runs/[runId]/progress", progress],
]);
