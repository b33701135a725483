import { apiRead } from "@/lib/client/reads";

// The home page's reads, shared by the server prefetch and the client component (a "use client" module's
// exports are client references on the server, not plain values, so they cannot live there).
export const LATEST_READ = apiRead(
  "/api/v1/submissions",
  {},
  { sort: "commitBlock", order: "desc", limit: 6 },
);
export const EVALUATING_READ = apiRead(
  "/api/v1/submissions",
  {},
  { status: "evaluating", sort: "commitBlock", order: "desc", limit: 6 },
);
/** The reign in progress is the newest: the home page needs it, not every reign of a year. */
export const CURRENT_REIGN_READ = apiRead("/api/v1/kings", {}, { limit: 1 });
