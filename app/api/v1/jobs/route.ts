import { listJobs, pinJobSeeds } from "@/db/queries/jobs";
import { signedRoute } from "@/server/api/signed-route";
import { jobCorpus } from "@/lib/protocol/corpus";
import { paramsAt } from "@/lib/protocol/params";
import { jobsQuerySchema, type JobsResponse } from "@/lib/schemas/jobs";

export const dynamic = "force-dynamic";

// GET /api/v1/jobs – the submissions this validator has yet to evaluate, oldest commit first, with their seed
export const GET = signedRoute({
  query: jobsQuerySchema,
  handle: async ({ db, hotkey, now, query, settings }) => {
    await pinJobSeeds(db, settings.netuid, now);
    const rows = await listJobs(db, { netuid: settings.netuid, hotkey, now, limit: query.limit });
    const body: JobsResponse = {
      jobs: rows.map((r) => ({
        submissionId: r.submissionId,
        hotkey: r.hotkey,
        uid: r.uid,
        image: r.image,
        digest: r.digest,
        pullRef: r.pullRef,
        commitBlock: r.commitBlock,
        seed: {
          block: r.seedBlock,
          blockHash: r.seedBlockHash,
          corpusSha256: jobCorpus(paramsAt(r.seedBlock), settings.demoNetwork),
        },
        lease:
          r.leasedAt !== null && r.expiresAt !== null
            ? { leasedAt: r.leasedAt.toISOString(), expiresAt: r.expiresAt.toISOString() }
            : null,
      })),
      serverTime: now.toISOString(),
    };
    return Response.json(body);
  },
});
