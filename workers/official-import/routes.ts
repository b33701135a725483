/** The official API's routes the importer follows, what each holds and how it is stored. */
export type RouteKind =
  | { store: "snapshot" }
  | { store: "records"; kind: "evaluation" | "crowning" }
  | { store: "logs"; source: "container" | "validator" };

export interface FollowedRoute {
  route: string;
  kind: RouteKind;
}

// Every era's names are followed: a server answers the ones its era has, and 404s for the rest are re-probed
// rarely (MISSING_ROUTE_RECHECK_S), so a renamed route is picked up without a restart.
export const FOLLOWED_ROUTES: readonly FollowedRoute[] = [
  { route: "/api/status", kind: { store: "snapshot" } },
  { route: "/api/eval-progress", kind: { store: "snapshot" } },
  { route: "/api/leader", kind: { store: "snapshot" } },
  { route: "/api/winner", kind: { store: "snapshot" } },
  { route: "/api/king", kind: { store: "snapshot" } },
  { route: "/api/evaluations", kind: { store: "records", kind: "evaluation" } },
  { route: "/api/leader/history", kind: { store: "records", kind: "crowning" } },
  { route: "/api/winner/history", kind: { store: "records", kind: "crowning" } },
  { route: "/api/king/history", kind: { store: "records", kind: "crowning" } },
  { route: "/api/rounds", kind: { store: "snapshot" } },
  { route: "/api/eval-job", kind: { store: "snapshot" } },
  { route: "/api/container-logs", kind: { store: "logs", source: "container" } },
  { route: "/api/validator-logs", kind: { store: "logs", source: "validator" } },
];

export const MISSING_ROUTE_RECHECK_S = 3_600;
/** Never sooner than this, whatever Cache-Control says (no-cache on a route would otherwise mean a busy loop). */
export const MIN_REFETCH_S = 5;

export const uidRoute = (uid: number) => `/api/evaluations/${uid}`;
export const hotkeyRoute = (hotkey: string) => `/api/evaluations/hotkey/${encodeURIComponent(hotkey)}`;
/** A marker row: the server has no by-hotkey route (before June 15). */
export const HOTKEY_ROUTE_PROBE = "/api/evaluations/hotkey";
export const logRoute = (source: "container" | "validator", label: string) => `/api/${source}-log/${label}`;
