import type { z } from "zod";
import { fromZodError } from "@/lib/schemas/errors";

/**
 * The query string through a zod schema; a failure is a 400 `invalid_query` naming every bad parameter
 * (`$.limit`, `$.sort`). A repeated parameter counts once, its last value.
 */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw fromZodError(parsed.error, "invalid_query");
  return parsed.data;
}
