/** The live evaluations' read: every run in flight, or one submission's (shared by the pages' prefetch). */
export const evaluationsPath = (submissionId?: number) =>
  submissionId === undefined ? "/api/v1/evaluations" : `/api/v1/evaluations?submission=${submissionId}`;
