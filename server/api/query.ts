import type { z } from "zod";
import { fromZodError } from "@/lib/schemas/errors";

/**
 * Query parameters through a zod schema; a failure is a 400 `invalid_query` naming every bad parameter
 * (`$.limit`, `$.sort`).
 */
export function parseQueryParams<S extends z.ZodType>(
  params: Readonly<Record<string, string>>,
  schema: S,
): z.output<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw fromZodError(parsed.error, "invalid_query");
  return parsed.data;
}

/** A request's query string through a zod schema. A repeated parameter counts once, its last value. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  return parseQueryParams(Object.fromEntries(new URL(request.url).searchParams), schema);
}
