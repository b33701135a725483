import { openApiDocument } from "@/server/api/openapi-document";
import { route } from "@/server/api/route";

export const dynamic = "force-dynamic";

// GET /api/v1/openapi.json – this API described as OpenAPI 3.1, from the handlers' own zod schemas
export const GET = route(async () => Response.json(openApiDocument()));
