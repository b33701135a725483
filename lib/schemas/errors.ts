import type { z } from "zod";

/** The one error table of the public API (api.md): code → HTTP status. */
export const ERROR_STATUS = {
  invalid_body: 400,
  invalid_query: 400,
  bad_signature: 401,
  stale_timestamp: 401,
  missing_headers: 401,
  not_a_validator: 403,
  not_found: 404,
  conflict: 409,
  replayed: 409,
  body_too_large: 413,
  unsupported_media_type: 415,
  inconsistent_score: 422,
  inconsistent_verdict: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One field of a request that is wrong, by JSON path (`$.prompts[3].passed`), and why. */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    issues?: FieldIssue[];
    requestId?: string;
  };
}

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { issues?: FieldIssue[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** `$.prompts[3].ttftMs` style paths, so an operator can find the field in the body they sent. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    "$",
  );
}

export function fromZodError(error: z.ZodError, code: "invalid_body" | "invalid_query"): ApiError {
  const issues = error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message }));
  const summary = issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
  return new ApiError(
    code,
    `The ${code === "invalid_body" ? "body" : "query"} is invalid: ${summary}${more}`,
    {
      issues,
    },
  );
}
