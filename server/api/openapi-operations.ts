import type { z } from "zod";
import { emissionsQuerySchema, emissionsResponseSchema } from "@/lib/schemas/emissions";
import { evaluationsQuerySchema, evaluationsResponseSchema } from "@/lib/schemas/evaluations";
import {
  jobsQuerySchema,
  jobsResponseSchema,
  leaseBodySchema,
  leaseResponseSchema,
} from "@/lib/schemas/jobs";
import { kingResponseSchema } from "@/lib/schemas/king";
import { kingsQuerySchema, kingsResponseSchema } from "@/lib/schemas/kings";
import { minerResponseSchema } from "@/lib/schemas/miners";
import { healthResponseSchema, readyResponseSchema } from "@/lib/schemas/probes";
import { runDetailSchema } from "@/lib/schemas/run-detail";
import {
  postProgressBodySchema,
  postProgressResponseSchema,
  postRunBodySchema,
  postRunResponseSchema,
} from "@/lib/schemas/runs";
import { statusSchema } from "@/lib/schemas/status";
import { submissionDetailSchema } from "@/lib/schemas/submission-detail";
import { submissionsQuerySchema, submissionsResponseSchema } from "@/lib/schemas/submissions";
import { validatorsQuerySchema, validatorsResponseSchema } from "@/lib/schemas/validators";
import type { OperationTable } from "./openapi";

/** A list route's answer: JSON by default, CSV with `format=csv` (lib/schemas/common formatParam). */
const listAnswer = (what: string, name: string, schema: z.ZodType) => ({
  200: { description: `${what} (CSV with format=csv)`, name, schema },
});

// What each route of app/api/routes.ts accepts and answers, for GET /api/v1/openapi.json. A test holds this
// table and the route table to the same routes and methods.
export const API_OPERATIONS: OperationTable = {
  "/api/health": {
    get: {
      tag: "probes",
      summary: "Liveness: the process answers (no database)",
      responses: { 200: { description: "Alive", name: "Health", schema: healthResponseSchema } },
    },
  },
  "/api/ready": {
    get: {
      tag: "probes",
      summary: "Readiness: the database answers and has every migration",
      responses: { 200: { description: "Ready", name: "Ready", schema: readyResponseSchema } },
      errors: [503],
    },
  },
  "/api/v1/status": {
    get: {
      tag: "explorer",
      summary: "Chain connection, ingest progress, database, counts and the protocol parameters in force",
      responses: { 200: { description: "The explorer's status", name: "Status", schema: statusSchema } },
    },
  },
  "/api/v1/king": {
    get: {
      tag: "throne",
      summary: "The king, the live margin, its emission and the chain's cross-check",
      responses: {
        200: {
          description: "The king (null when the throne is empty)",
          name: "King",
          schema: kingResponseSchema,
        },
      },
    },
  },
  "/api/v1/kings": {
    get: {
      tag: "throne",
      summary: "Every reign, newest first",
      query: kingsQuerySchema,
      responses: listAnswer("Reigns", "Kings", kingsResponseSchema),
    },
  },
  "/api/v1/submissions": {
    get: {
      tag: "submissions",
      summary: "The leaderboard: filtered, sorted, keyset-paged",
      description:
        "Pass `nextCursor` back as `cursor` for the next page. `format=csv` answers the whole filtered list.",
      query: submissionsQuerySchema,
      responses: {
        200: {
          description: "One page of submissions or ignored commitments",
          name: "Submissions",
          schema: submissionsResponseSchema,
        },
      },
    },
  },
  "/api/v1/submissions/[id]": {
    get: {
      tag: "submissions",
      summary: "One submission: commitment, verdict, every run with per-prompt figures",
      responses: {
        200: { description: "The submission", name: "SubmissionDetail", schema: submissionDetailSchema },
      },
      errors: [400, 404],
    },
  },
  "/api/v1/miners/[hotkey]": {
    get: {
      tag: "submissions",
      summary:
        "A hotkey's UID history, commitments (ignored and unreadable ones with reasons) and submissions",
      responses: { 200: { description: "The miner", name: "Miner", schema: minerResponseSchema } },
      errors: [400, 404],
    },
  },
  "/api/v1/validators": {
    get: {
      tag: "validators",
      summary: "Validators: stake, permit, runs posted, last seen, agreement with the verdicts",
      query: validatorsQuerySchema,
      responses: listAnswer("Validators", "Validators", validatorsResponseSchema),
    },
  },
  "/api/v1/runs/[runId]": {
    get: {
      tag: "runs",
      summary: "One run as posted, with its anchor block and whether it counted",
      responses: { 200: { description: "The run", name: "RunDetail", schema: runDetailSchema } },
      errors: [400, 404],
    },
  },
  "/api/v1/emissions": {
    get: {
      tag: "throne",
      summary: "Per-epoch emission to the king's UID, with the alpha price and TAO value",
      query: emissionsQuerySchema,
      responses: listAnswer("Epochs in the range", "Emissions", emissionsResponseSchema),
    },
  },
  "/api/v1/evaluations": {
    get: {
      tag: "runs",
      summary: "Runs in flight: each at its latest progress event, with prompt k of N where the runner said",
      query: evaluationsQuerySchema,
      responses: {
        200: {
          description: "Runs in flight, newest first",
          name: "Evaluations",
          schema: evaluationsResponseSchema,
        },
      },
      errors: [400],
    },
  },
  "/api/v1/events": {
    get: {
      tag: "explorer",
      summary: "Server-sent events: king, standings, submission, run, progress, block",
      description:
        "Each event's data is a small pointer (ids); refetch what you show. The first event is `hello`.",
      responses: { 200: { description: "An event stream", mediaType: "text/event-stream" } },
    },
  },
  "/api/v1/openapi.json": {
    get: {
      tag: "explorer",
      summary: "This description, OpenAPI 3.1",
      responses: { 200: { description: "The OpenAPI document" } },
    },
  },
  "/api/v1/jobs": {
    get: {
      tag: "validators",
      signed: true,
      summary:
        "Submissions this validator has not evaluated, oldest commit first, with the round's prompt seed",
      description:
        "Signed over the empty body. Each seed names the corpus its prompts are built from (`corpusSha256`: the " +
        "pinned PG19 corpus's identity, null while none is pinned; the shipped demo corpus on a demo network).",
      query: jobsQuerySchema,
      responses: { 200: { description: "Jobs", name: "Jobs", schema: jobsResponseSchema } },
    },
  },
  "/api/v1/jobs/[submissionId]/lease": {
    post: {
      tag: "validators",
      signed: true,
      summary: "Claims a job for this validator for the lease period (post again to renew)",
      body: { name: "LeaseBody", schema: leaseBodySchema },
      responses: { 200: { description: "The lease", name: "Lease", schema: leaseResponseSchema } },
      errors: [404, 409],
    },
  },
  "/api/v1/runs": {
    post: {
      tag: "validators",
      signed: true,
      summary: "A finished run (cacheon.run.v1)",
      description:
        "Stored once: the same runId with the same bytes answers 200, with another body 409. A run whose " +
        "`seed.corpusSha256` is the shipped demo corpus, or not the pinned corpus, is refused (400) unless this " +
        "explorer follows a demo network.",
      body: { name: "RunV1", schema: postRunBodySchema },
      responses: {
        201: { description: "Stored", name: "PostRunResponse", schema: postRunResponseSchema },
        200: {
          description: "Already stored (a retry of the same bytes)",
          name: "PostRunResponse",
          schema: postRunResponseSchema,
        },
      },
      errors: [409, 422],
    },
  },
  "/api/v1/runs/[runId]/progress": {
    post: {
      tag: "validators",
      signed: true,
      summary: "A progress event of a run in flight",
      body: { name: "ProgressEvent", schema: postProgressBodySchema },
      responses: {
        201: { description: "Recorded", name: "PostProgressResponse", schema: postProgressResponseSchema },
      },
    },
  },
};
