import { errorBodySchema } from "@/lib/schemas/probes";
import { buildOpenApi, type OpenApiDocument } from "./openapi";
import { API_OPERATIONS } from "./openapi-operations";

let document: OpenApiDocument | null = null;

/** The API's OpenAPI document: the same for the life of the process, so built once. */
export function openApiDocument(): OpenApiDocument {
  document ??= buildOpenApi(
    {
      title: "Cacheon Explorer API",
      version: "1",
      description:
        "Public reads about Bittensor Subnet 14 (Cacheon) and the validators' signed writes. The rules are in docs/protocol.md, the conventions in docs/api.md.",
    },
    API_OPERATIONS,
    errorBodySchema,
  );
  return document;
}
