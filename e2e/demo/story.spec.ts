import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import type { z } from "zod";

import { DEFAULT_PARAMS } from "../../lib/protocol/params";
import { kingResponseSchema } from "../../lib/schemas/king";
import { kingsResponseSchema, type ReignView } from "../../lib/schemas/kings";
import { minerResponseSchema } from "../../lib/schemas/miners";
import { submissionDetailSchema } from "../../lib/schemas/submission-detail";
import { submissionsResponseSchema, type SubmissionSummary } from "../../lib/schemas/submissions";
import { validatorsResponseSchema } from "../../lib/schemas/validators";
import { MINERS, VALIDATORS } from "../../scripts/demo/population";
import { DEMO_E2E_SPEED } from "../../playwright.demo.config";
import { keepScreenshot } from "../screenshot";

// The whole story of `npm run demo`, read through the public API and the pages while it plays: a first king,
// a real improvement dethroning it, a copycat, a near-miss held off by the margin, three failures with their
// reasons, and a smaller improvement that wins only once the margin has decayed; emissions to the king's UID
// and both validators' runs with their agreement.

async function get<S extends z.ZodType>(
  request: APIRequestContext,
  route: string,
  schema: S,
): Promise<z.infer<S>> {
  const res = await request.get(route);
  expect(res.ok(), `GET ${route}`).toBe(true);
  return schema.parse(await res.json());
}

async function submissions(request: APIRequestContext): Promise<SubmissionSummary[]> {
  const body = await get(
    request,
    "/api/v1/submissions?limit=200&sort=commitBlock",
    submissionsResponseSchema,
  );
  return body.kind === "submissions" ? body.items : [];
}

async function expectBanner(page: Page): Promise<void> {
  await expect(page.getByTestId("demo-banner")).toContainText("Local demo network");
  await expect(page.getByTestId("demo-banner")).toContainText(
    `${DEMO_E2E_SPEED.toLocaleString("en-US")}× faster`,
  );
}

test("the arena: coronations, a decayed margin, every failure explained, emissions and two validators", async ({
  page,
  request,
}, testInfo) => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  const hotkey = (uri: string) => keyring.addFromUri(uri).address;
  const of = (all: SubmissionSummary[], uri: string) => all.find((s) => s.hotkey === hotkey(uri));

  await page.goto("/");
  await expectBanner(page);

  // The story ends when the patient improvement, committed once the margin has decayed, is king.
  await expect
    .poll(async () => (await get(request, "/api/v1/king", kingResponseSchema)).king?.hotkey ?? null, {
      timeout: 780_000,
      intervals: [5_000],
    })
    .toBe(hotkey(MINERS.patient.uri));

  const { reigns } = await get(request, "/api/v1/kings", kingsResponseSchema);
  const reignOf = (uri: string) => reigns.find((r) => r.hotkey === hotkey(uri)) as ReignView;
  const first = reignOf(MINERS.steady.uri);
  const second = reignOf(MINERS.improvement.uri);
  const third = reignOf(MINERS.patient.uri);
  expect(first).toMatchObject({ thresholdBeaten: 0, endReason: "dethroned", endedByHotkey: second.hotkey });
  expect(second).toMatchObject({ endReason: "dethroned", endedByHotkey: third.hotkey });
  // The first improvement won outright: by far more than the full margin.
  expect(second.thresholdBeaten).toBeGreaterThan(first.score);
  expect(second.score).toBeGreaterThan(first.score * (1 + DEFAULT_PARAMS.epsilon0));
  // The third king beat its predecessor once the margin had decayed to under half of its 1 %.
  const epsilonBeaten = third.thresholdBeaten / second.score - 1;
  expect(epsilonBeaten).toBeGreaterThanOrEqual(0);
  expect(epsilonBeaten).toBeLessThan(DEFAULT_PARAMS.epsilon0 / 2);
  expect(third.score).toBeGreaterThan(third.thresholdBeaten);
  // Emissions accrued to the kings' UIDs during their reigns.
  expect(BigInt(second.alphaRao)).toBeGreaterThan(0n);

  const all = await submissions(request);
  // The near-miss was judged against the second king while the margin was still over half of its 1 %, and
  // stayed on the board.
  const nearMiss = of(all, MINERS.nearMiss.uri);
  expect(nearMiss).toMatchObject({ status: "scored", standing: "ranked" });
  const nearMissDetail = await get(request, `/api/v1/submissions/${nearMiss?.id}`, submissionDetailSchema);
  expect(nearMissDetail.verdict.judgedAgainstId).toBe(second.submissionId);
  expect((nearMissDetail.verdict.judgedThreshold ?? 0) / second.score - 1).toBeGreaterThan(
    DEFAULT_PARAMS.epsilon0 / 2,
  );
  expect(of(all, MINERS.copycat.uri)).toMatchObject({ status: "failed", failureReason: "duplicate" });
  expect(of(all, MINERS.unhealthy.uri)).toMatchObject({ status: "failed", failureReason: "health_timeout" });
  const wrong = of(all, MINERS.wrongModel.uri);
  expect(wrong).toMatchObject({ status: "failed", failureReason: "correctness_failed" });

  // The wrong weights: every run shows the first divergence from the baseline, on the API and the page.
  const detail = await get(request, `/api/v1/submissions/${wrong?.id}`, submissionDetailSchema);
  expect(detail.runs.length).toBe(2);
  expect(detail.runs.every((r) => r.firstDivergence !== null)).toBe(true);
  await page.goto(`/submissions/${wrong?.id}`);
  await expectBanner(page);
  await expect(page.getByText("Why correctness failed: the first divergence").first()).toBeVisible();
  await expect(page.getByTestId("divergence").first()).toBeVisible();

  // The cheat that is fast only while timed: every run fails unverified_output, and the page says where.
  const cheat = of(all, MINERS.timedCheat.uri);
  expect(cheat).toMatchObject({ status: "failed", failureReason: "unverified_output" });
  const cheatDetail = await get(request, `/api/v1/submissions/${cheat?.id}`, submissionDetailSchema);
  expect(cheatDetail.runs.every((r) => r.verification === "full" && r.firstUnverified !== null)).toBe(true);
  await page.goto(`/submissions/${cheat?.id}`);
  await expect(page.getByText("Why the timed output failed verification").first()).toBeVisible();
  await expect(page.getByTestId("verification").first()).toBeVisible();

  // The unparseable commitment, with its reason, on the miner's page.
  const miner7 = hotkey(MINERS.unparseable.uri);
  const minerView = await get(request, `/api/v1/miners/${miner7}`, minerResponseSchema);
  expect(minerView.commitments).toHaveLength(1);
  expect(minerView.commitments[0]).toMatchObject({ disposition: "unparseable" });
  await page.goto(`/miners/${miner7}`);
  await expectBanner(page);
  await expect(page.getByText("unparseable", { exact: true }).first()).toBeVisible();
  await expect(page.getByText(/digest/i).first()).toBeVisible();

  // Both validators posted runs and have an agreement with the consensus.
  const { validators } = await get(request, "/api/v1/validators", validatorsResponseSchema);
  for (const v of VALIDATORS) {
    const view = validators.find((x) => x.hotkey === hotkey(v.uri));
    expect(view, v.uri).toMatchObject({ permit: true });
    expect(view?.runsPosted ?? 0).toBeGreaterThanOrEqual(6);
    expect(view?.agreement.counted ?? 0).toBeGreaterThan(0);
    expect(view?.agreement.rate).not.toBeNull();
  }
  // The king's consensus is final with the majority of stake; the other validator's run follows.
  await expect
    .poll(
      async () => {
        const detail = await get(
          request,
          `/api/v1/submissions/${third.submissionId}`,
          submissionDetailSchema,
        );
        return [...new Set(detail.runs.map((r) => r.validatorHotkey))].sort();
      },
      { timeout: 120_000, intervals: [2_000] },
    )
    .toEqual(VALIDATORS.map((v) => hotkey(v.uri)).sort());
  await page.goto("/validators");
  await expectBanner(page);
  for (const v of VALIDATORS) {
    const row = page.getByRole("row").filter({ has: page.getByTitle(hotkey(v.uri)) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(/\d+\/\d+ submissions/);
  }

  // The king's UID earns: the chain's top incentive is the king's, with emission per epoch.
  await expect
    .poll(
      async () => {
        const king = await get(request, "/api/v1/king", kingResponseSchema);
        return { matches: king.chain?.matchesKing, earning: BigInt(king.emission?.perEpochRao ?? "0") > 0n };
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toEqual({ matches: true, earning: true });

  await page.goto("/");
  await expectBanner(page);
  await keepScreenshot(page, testInfo, "demo-home");
});
