// The demo reads what it reacts to (the king, the submissions, the validators) through the explorer's public
// API, like any outside client, validated with the API's own schemas.
import type { z } from "zod";

import { kingResponseSchema, type KingResponse } from "@/lib/schemas/king";
import { statusSchema, type Status } from "@/lib/schemas/status";
import { submissionsResponseSchema, type SubmissionSummary } from "@/lib/schemas/submissions";
import { validatorsResponseSchema, type ValidatorsResponse } from "@/lib/schemas/validators";

export class PublicApi {
  constructor(readonly baseUrl: string) {}

  async #get<S extends z.ZodType>(route: string, schema: S): Promise<z.infer<S>> {
    const res = await fetch(`${this.baseUrl}${route}`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`GET ${route}: HTTP ${res.status}`);
    return schema.parse(await res.json());
  }

  status(): Promise<Status> {
    return this.#get("/api/v1/status", statusSchema);
  }

  king(): Promise<KingResponse> {
    return this.#get("/api/v1/king", kingResponseSchema);
  }

  validators(): Promise<ValidatorsResponse> {
    return this.#get("/api/v1/validators", validatorsResponseSchema);
  }

  async submissions(): Promise<SubmissionSummary[]> {
    const body = await this.#get("/api/v1/submissions?limit=200&sort=commitBlock", submissionsResponseSchema);
    return body.kind === "submissions" ? body.items : [];
  }
}
