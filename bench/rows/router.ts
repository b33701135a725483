import { METHOD_NAME_ALL, type Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import { API_ROUTES } from "@/app/api/routes";
import { matchRoute, routeTable, type ApiMatch, type ApiRoute } from "@/server/api/route-table";
import { load1 } from "../lib/machine";
import type { BenchRow } from "../lib/result";
import { percentile, round } from "../lib/stats";

// The API front's route matching (server/api/route-table.ts: a scan of the ranked routes) against Hono's
// routers over the same routes, as Hono's own app combines them (SmartRouter: RegExpRouter, or TrieRouter
// where RegExpRouter refuses the table): the same request paths, in alternating rounds in this process.
// Twice: app/api's table as it is, and the same with a literal sibling of a parameter (`/api/v1/runs/latest`
// beside `/api/v1/runs/[runId]`), a table RegExpRouter refuses.

/**
 * What the front would call with Hono's routers. They know nothing of Next's ranking, so the routes are added
 * in routeTable's ranked order and the first answer is taken (TrieRouter answers every route that fits, in
 * the order they were added); the parameters are decoded as matchRoute decodes them.
 */
function honoMatcher(routes: readonly ApiRoute[]): { router: Router<ApiRoute>; match: Matcher } {
  const router = new SmartRouter<ApiRoute>({ routers: [new RegExpRouter(), new TrieRouter()] });
  for (const route of routes) {
    const path = route.segments.map((s) => ("literal" in s ? s.literal : `:${s.param}`)).join("/");
    router.add(METHOD_NAME_ALL, `/${path}`, route);
  }
  const match = (pathname: string): ApiMatch | null => {
    const [matches, stash] = router.match(METHOD_NAME_ALL, pathname);
    const first = matches[0];
    if (first === undefined) return null;
    const [route, found] = first;
    const params: Record<string, string> = {};
    // RegExpRouter answers parameters as indexes into a stash; TrieRouter answers them as values.
    for (const [name, value] of Object.entries(found)) {
      const part = String(stash ? stash[value as number] : value);
      try {
        params[name] = decodeURIComponent(part);
      } catch {
        params[name] = part;
      }
    }
    return { route, params };
  };
  return { router, match };
}

// A value for each parameter as clients send it: an SS58 hotkey, a submission id, a run's uuid.
const VALUES: Record<string, string> = {
  hotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
  id: "4242",
  submissionId: "4242",
  runId: "0b6c9a2e-6f1a-4e59-9a3c-1f2d3e4f5a6b",
};

/**
 * Every route of the table once, two parameters to decode (one badly encoded), then what falls through to
 * Next: a trailing slash, a typo, a bad depth.
 */
function requestPaths(routes: readonly ApiRoute[]): string[] {
  const hits = routes.map((r) =>
    r.pattern.replace(/\[([A-Za-z_]\w*)\]/g, (_, name: string) => encodeURIComponent(VALUES[name] ?? "x")),
  );
  const encoded = ["/api/v1/miners/a%20b", "/api/v1/submissions/%E0%A4%A"];
  const misses = ["/api/v1/submissions/", "/api/v1/kinq", "/api/v1/runs/x/progress/more", "/api/v1/miners/"];
  return [...hits, ...encoded, ...misses];
}

type Matcher = (pathname: string) => ApiMatch | null;

/** Nanoseconds per match, one figure a round for each matcher. */
function timeRounds(matchers: readonly Matcher[], paths: readonly string[], calls: number, rounds: number) {
  const perRound: number[][] = matchers.map(() => []);
  let sink = 0;
  for (let r = -3; r < rounds; r++) {
    // Taking turns in both orders (ABBA), so neither always runs right after the other.
    const order = r % 2 === 0 ? [...matchers.entries()] : [...matchers.entries()].reverse();
    for (const [m, match] of order) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < calls; i++)
        sink += match(paths[i % paths.length] as string)?.route.pattern.length ?? 1;
      const ns = Number(process.hrtime.bigint() - start) / calls;
      if (r >= 0) perRound[m]?.push(ns); // the first three rounds warm both up
    }
  }
  if (sink === 0) throw new Error("nothing matched");
  return perRound.map((samples) => ({ median: percentile(samples, 50), fastest: Math.min(...samples) }));
}

export function routerRows(options: { calls: number; rounds: number }): BenchRow[] {
  const sibling = routeTable([
    ...API_ROUTES.map((r) => [r.pattern, r.module] as const),
    ["/api/v1/runs/latest", {}],
  ]);
  const rows: BenchRow[] = [];
  for (const routes of [API_ROUTES, sibling]) {
    const paths = requestPaths(routes);
    const hono = honoMatcher(routes);
    const answer = (m: ApiMatch | null) => JSON.stringify(m && [m.route.pattern, m.params]);
    for (const p of paths)
      if (answer(matchRoute(routes, p)) !== answer(hono.match(p)))
        throw new Error(`the matchers disagree on ${p}`);
    const [ours, theirs] = timeRounds(
      [(p) => matchRoute(routes, p), hono.match],
      paths,
      options.calls,
      options.rounds,
    );
    if (!ours || !theirs) throw new Error("no timings");
    const ratio = ours.median / theirs.median;
    rows.push({
      row: "router",
      what: `API route match, ${routes.length} routes, ${paths.length} paths`,
      figure: `${round(ours.median, 0)} ns a match (fastest round ${round(ours.fastest, 0)})`,
      reference: `${hono.router.name}: ${round(theirs.median, 0)} ns (fastest round ${round(theirs.fastest, 0)})`,
      ratio: `${round(ratio, 2)}×`,
      target: "within 2×",
      met: ratio <= 2,
      load: load1(),
      detail: { ours, hono: theirs, router: hono.router.name, paths },
    });
  }
  return rows;
}
