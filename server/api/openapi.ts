import { z } from "zod";

// An OpenAPI 3.1 document built from the zod schemas the handlers themselves parse and answer with, so the
// description cannot drift from what the server accepts. OpenAPI 3.1's schema dialect is JSON Schema 2020-12,
// which is what z.toJSONSchema writes.

export type HttpMethod = "get" | "post";

export interface Operation {
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  /** Signed with Epistula v2 by a validator hotkey. */
  readonly signed?: boolean;
  readonly query?: z.ZodType;
  readonly body?: { readonly name: string; readonly schema: z.ZodType };
  /** Status → the answer; a schema is named in components, a media type alone is a non-JSON answer. */
  readonly responses: Readonly<
    Record<
      number,
      {
        readonly description: string;
        readonly name?: string;
        readonly schema?: z.ZodType;
        readonly mediaType?: string;
      }
    >
  >;
  /** Error codes this operation may answer besides the common ones (always the shared error body). */
  readonly errors?: readonly number[];
}

/** Route patterns as app/api's folders spell them (`/api/v1/submissions/[id]`), each with its methods. */
export type OperationTable = Readonly<Record<string, Partial<Record<HttpMethod, Operation>>>>;

type JsonSchema = Record<string, unknown>;

/** The parts of the document the /api page reads; the rest is passed through as built. */
export interface OpenApiDocument {
  readonly openapi: "3.1.0";
  readonly info: OpenApiInfo;
  readonly paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly securitySchemes: Record<string, JsonSchema>;
  };
  readonly [key: string]: unknown;
}

export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly parameters: readonly {
    name: string;
    in: string;
    required: boolean;
    description?: string;
    schema: JsonSchema;
  }[];
  readonly requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly responses: Record<
    string,
    { description: string; content: Record<string, { schema: JsonSchema }> }
  >;
}

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description: string;
}

/** `/api/v1/submissions/[id]` → `/api/v1/submissions/{id}`. */
export function openApiPath(pattern: string): string {
  return pattern.replace(/\[([A-Za-z_][A-Za-z0-9_]*)\]/g, "{$1}");
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  // Transforms and refinements have no JSON Schema; the shape around them is still described.
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete out.$schema;
  return out;
}

function queryParameters(query: z.ZodType): OpenApiOperation["parameters"] {
  const object = jsonSchema(query, "input");
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return {
      name,
      in: "query",
      required: required.has(name) && !("default" in rest),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

export function buildOpenApi(
  info: OpenApiInfo,
  table: OperationTable,
  errorBody: z.ZodType,
): OpenApiDocument {
  const components: Record<string, JsonSchema> = { Error: jsonSchema(errorBody, "output") };
  const ref = (name: string, schema: z.ZodType, io: "input" | "output") => {
    if (!(name in components)) components[name] = jsonSchema(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  };
  const errorResponse = (description: string) => ({
    description,
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  });
  const ERROR_TEXT: Record<number, string> = {
    400: "Invalid query or body; `issues` names the JSON paths",
    401: "Missing or invalid Epistula headers, or a stale timestamp",
    403: "The signer holds no validator permit on the subnet",
    404: "Not found",
    409: "A conflicting body under the same id, or a replayed nonce",
    413: "Body over 2 MiB",
    415: "The body is not JSON",
    422: "The run's figures disagree with its claims",
    429: "Rate limited; see Retry-After",
    500: "Our fault, logged with the request id",
    503: "The database does not answer",
  };

  const paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>> = {};
  for (const [pattern, methods] of Object.entries(table)) {
    const item: Partial<Record<HttpMethod, OpenApiOperation>> = {};
    const pathParams = [...pattern.matchAll(/\[([A-Za-z_][A-Za-z0-9_]*)\]/g)].map((m) => ({
      name: m[1] as string,
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    for (const [method, op] of Object.entries(methods) as [HttpMethod, Operation][]) {
      const responses: OpenApiOperation["responses"] = {};
      for (const [status, answer] of Object.entries(op.responses)) {
        const mediaType = answer.mediaType ?? "application/json";
        const schema = answer.schema && answer.name ? ref(answer.name, answer.schema, "output") : {};
        responses[status] = { description: answer.description, content: { [mediaType]: { schema } } };
      }
      const errorStatuses = new Set([...(op.errors ?? []), 500]);
      if (op.query) errorStatuses.add(400);
      if (op.signed) for (const s of [400, 401, 403, 413, 415, 429]) errorStatuses.add(s);
      for (const status of [...errorStatuses].sort((a, b) => a - b)) {
        responses[String(status)] = errorResponse(ERROR_TEXT[status] ?? "Error");
      }
      item[method] = {
        operationId: `${method}${openApiPath(pattern)
          .split(/[/{}.-]+/)
          .filter((s) => s !== "" && s !== "api")
          .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
          .join("")}`,
        summary: op.summary,
        ...(op.description ? { description: op.description } : {}),
        tags: [op.tag],
        parameters: [...pathParams, ...(op.query ? queryParameters(op.query) : [])],
        ...(op.body
          ? {
              requestBody: {
                required: true,
                content: { "application/json": { schema: ref(op.body.name, op.body.schema, "input") } },
              },
            }
          : {}),
        ...(op.signed ? { security: [{ epistula: [] }] } : {}),
        responses,
      };
    }
    paths[openApiPath(pattern)] = item;
  }

  return {
    openapi: "3.1.0",
    info,
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        epistula: {
          type: "apiKey",
          in: "header",
          name: "Epistula-Request-Signature",
          description:
            "Epistula v2: an sr25519 signature by a permitted validator hotkey over sha256hex(body).uuid.timestamp.signedFor, with the Epistula-Version, -Timestamp, -Uuid, -Signed-By and -Signed-For headers (docs/api.md).",
        },
      },
    },
  };
}
