import type { ProtocolParams } from "@/lib/protocol/params";

const n = (x: number) => x.toLocaleString("en-US");
const pct = (x: number) => `${n(x * 100)} %`;

/** protocol.md "Several validators, and when a verdict is final", and the choices made where it is silent. */
export function FinalitySection({ params: p }: { params: ProtocolParams }) {
  return (
    <section aria-labelledby="m-final" className="space-y-2">
      <h2 id="m-final" className="text-lg font-semibold">
        Several validators, and when a verdict is final
      </h2>
      <p>
        Every run gets an <strong>anchor block</strong>: the newest finalized block the explorer had seen when
        it accepted the run. A run <strong>counts</strong> if, in the metagraph snapshot in force at its
        anchor block, its validator held a permit and a stake weight above 0; a <code>runner_error</code>{" "}
        never counts, and a validator with zero stake never decides. Standings use a run only once ingest has
        reached its anchor block.
      </p>
      <p>
        A verdict becomes <strong>final</strong> at the anchor block of the first counted run that brings the
        stake of validators with a counted run for it to {pct(p.quorum)} of the stake of the validators active
        at that block (permitted, with a counted run for any submission in the last {n(p.activeWindowBlocks)}{" "}
        blocks); otherwise {n(p.quorumTimeoutBlocks)} blocks after its first counted run, with the counted
        runs it has by then. The verdict is the stake-weighted median of each validator&apos;s latest counted
        run, failed when failed runs hold a strict stake majority. Once final it is frozen: later runs are
        shown &ldquo;after the verdict&rdquo; and measure their validator&apos;s agreement, but change no
        verdict, reign or emission.
      </p>
      <p>
        Submissions are judged in commit order at their <strong>judging block</strong>: the later of their own
        finality block and, for each earlier-committed submission not yet final, the earlier of its finality
        block and their own finality block + {n(p.maxJudgeWaitBlocks)}. The margin&apos;s age is taken at the
        judging block. A submission whose image digest equals that of any earlier-committed submission of
        another hotkey is a <code>duplicate</code>: never crowned, board score 0.
      </p>
      <h3 className="font-semibold">Where the protocol is silent, we chose</h3>
      <ul className="list-disc space-y-1 pl-5">
        <li>
          Runs are ordered by anchor block, then by the time the explorer accepted them (then run id); a
          validator&apos;s latest counted run is the last in that order, never by its own finish time.
        </li>
        <li>
          A validator&apos;s run makes it active at its own anchor block: on a fresh subnet the first counted
          run is the whole active stake, so it is final at once rather than a day later by timeout.
        </li>
        <li>
          The quorum is checked with the stakes of the snapshot in force at the block of the check; in the
          verdict&apos;s median each run weighs its validator&apos;s stake at the run&apos;s own anchor block.
        </li>
        <li>
          Runs of the finalizing run&apos;s block accepted after it, and runs anchored after a timeout block,
          came after the verdict. A verdict final at the block ingest stands on may still gain runs of that
          block, so only what lies before it is frozen.
        </li>
        <li>
          A copy is disqualified from its commit on, needs no evaluation and holds no later submission back. A
          copy of the same hotkey&apos;s own earlier digest is not a copy; in one commit block the lower UID
          is the earlier commit.
        </li>
        <li>
          A UID change first seen in a snapshot after the frozen block is applied just after it: nothing
          recorded is rewritten.
        </li>
      </ul>
    </section>
  );
}
