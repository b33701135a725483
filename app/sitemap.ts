import type { MetadataRoute } from "next";
import { NAV } from "@/components/site-header";
import { loadEnv } from "@/env";
import { siteOrigin } from "@/lib/site-url";
import { apiRead } from "@/lib/client/reads";
import { read } from "@/server/read";

export const dynamic = "force-dynamic";

// The panels, then the best-scored submissions and their miners: the pages people link to. One page of the
// leaderboard, not all of it: a crawler finds the rest through the leaderboard's own links.
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const origin = siteOrigin(loadEnv());
  const board = await read(apiRead("/api/v1/submissions", {}, { sort: "score", limit: 200 }));
  const submissions = board.kind === "submissions" ? board.items : [];
  return [
    ...[...NAV.map((item) => item.href), "/api"].map((path) => ({
      url: `${origin}${path}`,
      changeFrequency: "always" as const,
    })),
    ...submissions.flatMap((s) => [
      { url: `${origin}/submissions/${s.id}`, changeFrequency: "hourly" as const },
      { url: `${origin}/miners/${s.hotkey}`, changeFrequency: "hourly" as const },
    ]),
  ];
}
