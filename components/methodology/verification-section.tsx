import type { ProtocolParams } from "@/lib/protocol/params";

/** The methodology page's account of how the timed output is verified, for a miner. */
export function VerificationSection({ params }: { params: ProtocolParams }) {
  const gap = params.correctness.maxLogprobGap;
  const topK = params.correctness.topK;
  return (
    <section aria-labelledby="m-verify" className="space-y-2">
      <h2 id="m-verify" className="text-lg font-semibold">
        Verifying the timed output
      </h2>
      {params.verification === "full" ? (
        <>
          <p>
            What your server streams while it is timed is what gets verified. After your container is stopped,
            the validator starts the pinned vLLM baseline (the same image, flags and weights) and replays each
            timed answer through it: it tokenizes your text with the baseline&apos;s tokenizer and asks for
            the baseline&apos;s top-{topK} logprobs at every position of it, given the same prompt (teacher
            forcing). Every token must be in the baseline&apos;s top-{topK} there and at most {gap} below its
            most likely token; an answer that stops before the token limit must have its end-of-turn token
            pass the same test. Otherwise the run fails as <code>unverified_output</code>, and your submission
            page shows the prompt, the position, your token and the baseline&apos;s top-{topK} there.
          </p>
          <p>
            Near-ties are tolerated anywhere, so the small differences that prefix caching, batching or
            tensor-parallel reductions make between two runs of the same model do not fail you. The throughput
            counts the tokens of the timed answer itself, under the baseline&apos;s tokenizer, never a number
            your server reports. The correctness pass with logprobs is still checked as before (its first
            divergence from the baseline); verification is an extra condition, not a replacement.
          </p>
        </>
      ) : (
        <p>
          Verification in force: <code>first-divergence</code> (V1). The timed text must equal the checked
          text up to the checked pass&apos;s first divergence from the baseline, else{" "}
          <code>speed_pass_mismatch</code>.
        </p>
      )}
    </section>
  );
}
