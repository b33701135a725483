import { z } from "zod";

/** RAO (or alpha RAO) on the wire: a decimal string, since JSON numbers lose precision above 2^53. */
export const raoString = z.string().regex(/^-?(0|[1-9][0-9]*)$/, "expected a decimal integer string");
export const isoDateTime = z.iso.datetime();
export const block = z.number().int().nonnegative();

/** The fields that name a submission wherever one is listed (a job, the king, a reign): who committed what. */
export const submissionIdentity = {
  submissionId: z.number().int(),
  hotkey: z.string(),
  uid: z.number().int(),
  image: z.string(),
  digest: z.string(),
};

/** Every list route answers JSON by default and CSV with `?format=csv`. */
export const formatParam = z.enum(["json", "csv"]).default("json");

/** Plain words for a failure code (lib/protocol/failure-reasons), null for a code the explorer does not know. */
export const failureInfoSchema = z.object({
  code: z.string(),
  title: z.string(),
  explanation: z.string(),
  whatToCheck: z.string(),
  countsAgainstMiner: z.boolean(),
});
export type FailureInfo = z.infer<typeof failureInfoSchema>;
