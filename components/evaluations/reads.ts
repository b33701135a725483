import { apiRead } from "@/lib/client/reads";

/** The live evaluations' read: every run in flight, or one submission's (shared by the pages' prefetch). */
export const evaluationsRead = (submissionId?: number) =>
  apiRead("/api/v1/evaluations", {}, { submission: submissionId });
