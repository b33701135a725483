import { z } from "zod";

// The runner's reading of GET /api/v1/jobs and of the lease answer. api.md fixes their content, not their
// exact field names, and the routes are written alongside this runner: the reading accepts the plausible
// spellings (a list or {jobs}, a seed per job or per round, `submissionId` or `id`) and normalizes them.

const seedSchema = z.object({
  block: z.number().int().nonnegative(),
  blockHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "expected 0x + 64 hex"),
  /**
   * The corpus identity the prompts must be built from (null: the protocol has not pinned one); absent from
   * explorers that predate it, and then the pinned corpus is meant.
   */
  corpusSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "expected 64 lowercase hex")
    .nullable()
    .optional(),
});
const submissionSchema = z.object({
  hotkey: z.string().min(1),
  image: z.string().min(1),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  commitBlock: z.number().int().nonnegative(),
});

const rawJob = z.looseObject({
  submissionId: z.union([z.string().min(1), z.number().int()]).optional(),
  id: z.union([z.string().min(1), z.number().int()]).optional(),
  submission: submissionSchema.optional(),
  seed: seedSchema.optional(),
});

export interface Job {
  readonly submissionId: string;
  readonly submission: z.infer<typeof submissionSchema>;
  readonly seed: z.infer<typeof seedSchema>;
}

export const jobsResponseSchema = z
  .union([z.array(rawJob), z.looseObject({ jobs: z.array(rawJob), seed: seedSchema.optional() })])
  .transform((value, ctx): Job[] => {
    const list = Array.isArray(value) ? value : value.jobs;
    const roundSeed = Array.isArray(value) ? undefined : value.seed;
    const jobs: Job[] = [];
    list.forEach((job, i) => {
      const id = job.submissionId ?? job.id;
      const submission = job.submission ?? submissionSchema.safeParse(job).data;
      const seed = job.seed ?? roundSeed;
      if (id === undefined || submission === undefined || seed === undefined) {
        ctx.addIssue({ code: "custom", path: [i], message: "a job needs submissionId, submission and seed" });
        return;
      }
      jobs.push({
        submissionId: String(id),
        submission,
        seed: { ...seed, blockHash: seed.blockHash.toLowerCase() },
      });
    });
    return jobs;
  });

const iso = z.iso.datetime({ offset: true });
export const leaseResponseSchema = z
  .looseObject({
    expiresAt: iso.optional(),
    leaseExpiresAt: iso.optional(),
    lease: z.looseObject({ expiresAt: iso.optional() }).optional(),
  })
  .transform((v) => {
    const at = v.expiresAt ?? v.leaseExpiresAt ?? v.lease?.expiresAt;
    return { expiresAt: at === undefined ? null : new Date(at) };
  });
