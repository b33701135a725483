import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "@/lib/schemas/errors";

// The shapes every client meets outside the domain: the probes' answers and the one error body.

/** `GET /api/health`: the process answers. */
export const healthResponseSchema = z.object({ status: z.literal("ok"), uptimeSeconds: z.number().int() });

/** `GET /api/ready`: the database answers and has every migration. */
export const readyResponseSchema = z.object({ status: z.literal("ready"), migrations: z.number().int() });

const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

/** Every refusal and failure of the API (lib/schemas/errors.ts). */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});
