import type { DbOrTx } from "@/db/client";
import { getStoredRun, listSubmissionsOfHotkey, storeRun } from "@/db/queries/runs";
import { ApiError } from "@/lib/schemas/errors";
import { checkRunClaims, type ClaimRefusal } from "@/lib/protocol/run-checks";
import { signedRoute } from "@/server/api/signed-route";
import { corpusRefusal } from "@/lib/protocol/corpus";
import { paramsAt } from "@/lib/protocol/params";
import type { RunV1 } from "@/lib/protocol/run-schema";
import { postRunBodySchema, type PostRunResponse } from "@/lib/schemas/runs";

export const dynamic = "force-dynamic";

// POST /api/v1/runs – a validator posts a finished run
export const POST = signedRoute({
  body: postRunBodySchema,
  handle: async ({ db, hotkey, rawBody, bodySha256, uuid, now, body: run, settings }) => {
    // The signer speaks for itself only. Refused as a body error (400), not 403: the signer is a permitted
    // validator, and what is wrong is a field of the body, which the issue's path points at.
    if (run.validator.hotkey !== hotkey) {
      throw bodyError("$.validator.hotkey", `must equal Epistula-Signed-By (${hotkey})`);
    }
    if (run.netuid !== settings.netuid)
      throw bodyError("$.netuid", `this explorer follows subnet ${settings.netuid}`);
    const corpus = corpusRefusal(run.seed.corpusSha256, paramsAt(run.seed.block), settings.demoNetwork);
    if (corpus !== null) throw bodyError("$.seed.corpusSha256", corpus);

    // The parameters in force when the prompts were seeded judge the run's arithmetic. A run naming no stored
    // submission is refused for that first (404/409), and only then for its arithmetic (422).
    const { summary, refusal } = checkRunClaims(run, paramsAt(run.seed.block));
    if (refusal !== null) {
      await explainUnknownSubmission(db, settings.netuid, run.submission);
      throw claimError(refusal);
    }

    const runId = run.runId.toLowerCase();
    const row = {
      run: { ...run, runId },
      summary,
      envelope: rawBody,
      envelopeSha256: bodySha256, // the hash the signature covers
      epistulaUuid: uuid,
      receivedAt: now,
    };
    let result = await storeRun(db, { netuid: settings.netuid, row });
    if (result.kind === "no_submission") {
      // Throws 404/409 saying what differs; if the submission was stored meanwhile, the run is stored now.
      await explainUnknownSubmission(db, settings.netuid, run.submission);
      result = await storeRun(db, { netuid: settings.netuid, row });
    }
    if (result.kind === "stored")
      return respond(201, {
        runId,
        submissionId: result.submissionId,
        result: "stored",
        run,
        score: summary.score,
        now,
      });

    // The runId is taken. A retry of the same bytes (a lost response; its Epistula uuid is necessarily new)
    // is answered as the first post was; anything else under that runId is a conflict.
    const stored = await getStoredRun(db, runId);
    if (stored === null) throw new Error(`run ${runId} conflicted on insert but cannot be read`);
    if (stored.envelopeSha256 !== bodySha256) {
      throw new ApiError(
        "conflict",
        `Run ${runId} is already stored with a different body (sha256 ${stored.envelopeSha256}); a run is ` +
          "immutable: post a new evaluation under a new runId.",
      );
    }
    return respond(200, {
      runId,
      submissionId: stored.submissionId,
      result: "already_stored",
      run,
      score: stored.score,
      now: stored.receivedAt,
    });
  },
});

function respond(
  status: 200 | 201,
  r: {
    runId: string;
    submissionId: number;
    result: PostRunResponse["result"];
    run: RunV1;
    score: number;
    now: Date;
  },
): Response {
  const body: PostRunResponse = {
    runId: r.runId,
    submissionId: r.submissionId,
    result: r.result,
    outcome: r.run.outcome,
    score: r.score,
    receivedAt: r.now.toISOString(),
  };
  return Response.json(body, { status });
}

function claimError({ code, issues }: ClaimRefusal): ApiError {
  const list = issues.map((i) => `${i.path} (${i.message})`).join("; ");
  return new ApiError(
    code,
    code === "inconsistent_verdict"
      ? `The verdict disagrees with the run's own figures: ${list}. Judge each prompt's divergence by the ` +
          "gate of protocol.md (evaluation step 7) and state what it decides."
      : `The summary disagrees with the per-prompt figures and the baseline: ${list}. ` +
          'Recompute it as protocol.md "Scoring" says: medians first, then the ratios.',
    { issues },
  );
}

function bodyError(path: string, message: string): ApiError {
  return new ApiError("invalid_body", `The body is invalid: ${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

/**
 * Throws the refusal for a run whose submission is not stored (404: the hotkey has none; 409: it has another,
 * which the message names); returns when the hotkey, digest and commit block do match a stored submission.
 */
async function explainUnknownSubmission(
  db: DbOrTx,
  netuid: number,
  claimed: RunV1["submission"],
): Promise<void> {
  const candidates = await listSubmissionsOfHotkey(db, netuid, claimed.hotkey);
  if (candidates.length === 0) {
    throw new ApiError(
      "not_found",
      `No submission from ${claimed.hotkey} on subnet ${netuid}; post runs only for jobs listed by GET /api/v1/jobs.`,
    );
  }
  if (candidates.some((c) => c.digest === claimed.digest && c.commitBlock === claimed.commitBlock)) return;
  const known = candidates.map((c) => `${c.digest} committed at block ${c.commitBlock}`).join(", ");
  throw new ApiError(
    "conflict",
    `The run names ${claimed.digest} committed at block ${claimed.commitBlock}, but ${claimed.hotkey}'s ` +
      `submission is ${known}; evaluate the submission as GET /api/v1/jobs lists it.`,
  );
}
