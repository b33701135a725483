import "server-only";
import { loadEnv } from "@/env";
import type { SearchTarget } from "@/lib/search/resolve";
import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";

const leaderboard = (q: string) => `/leaderboard?q=${encodeURIComponent(q)}`;

async function submissionsMatching(q: string, limit: number) {
  const page = await read(apiRead("/api/v1/submissions", {}, { q, limit }));
  return page.kind === "submissions" ? page.items : [];
}

/** The address a search target leads to; a lookup decides where the text alone cannot (a UID, an image). */
export async function searchDestination(target: SearchTarget): Promise<string> {
  switch (target.kind) {
    case "empty":
      return "/leaderboard";
    case "miner":
      return `/miners/${target.hotkey}`;
    case "submission":
      return `/submissions/${target.id}`;
    case "uid": {
      // A recycled UID has had several miners: the newest commitment is the one people mean.
      const atUid = (await submissionsMatching(String(target.uid), 200)).filter((s) => s.uid === target.uid);
      const newest = atUid.sort((a, b) => b.commitBlock - a.commitBlock)[0];
      return newest ? `/miners/${newest.hotkey}` : leaderboard(String(target.uid));
    }
    case "block":
      // The explorer has no page per block; finney's blocks are on taostats, a local network's are not.
      return loadEnv().NETWORK === "finney" ? `https://taostats.io/block/${target.block}` : "/status";
    case "text": {
      const matches = await submissionsMatching(target.q, 2);
      return matches.length === 1 && matches[0] ? `/submissions/${matches[0].id}` : leaderboard(target.q);
    }
  }
}
