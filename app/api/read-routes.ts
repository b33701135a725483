import type { RouteModule } from "@/server/api/route-table";
import * as emissions from "./v1/emissions/route";
import * as evaluations from "./v1/evaluations/route";
import * as king from "./v1/king/route";
import * as kings from "./v1/kings/route";
import * as miner from "./v1/miners/[hotkey]/route";
import * as status from "./v1/status/route";
import * as submission from "./v1/submissions/[id]/route";
import * as submissions from "./v1/submissions/route";
import * as validators from "./v1/validators/route";

// The reads a page may prefetch in process (app/_server/api.ts), as their folders spell them. Apart from the
// rest of the API (app/api/routes.ts adds it) so that a page's bundle carries only these route modules.
export const READ_ROUTES: readonly (readonly [pattern: string, module: RouteModule])[] = [
  ["/api/v1/emissions", emissions],
  ["/api/v1/evaluations", evaluations],
  ["/api/v1/king", king],
  ["/api/v1/kings", kings],
  ["/api/v1/miners/[hotkey]", miner],
  ["/api/v1/status", status],
  ["/api/v1/submissions", submissions],
  ["/api/v1/submissions/[id]", submission],
  ["/api/v1/validators", validators],
];
