import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { epistulaNonces, validators } from "@/db/schema";
import { describeEachDatabase } from "@/db/test-support/databases";
import { createLogger, type Logger } from "@/lib/log";
import { signedRoute } from "./signed-route";
import { callRoute, NOW_MS, SIGNED_FOR, type ErrorJson } from "./test-support/deps";
import { signRequest } from "./test-support/signing";
import { openWorld, type World } from "./test-support/world";

type Line = { level: string; msg: string; fields: Record<string, unknown> };

// The real logger with a capturing sink: assertions see exactly what would be written.
function capturingLogger(lines: Line[]): Logger {
  return createLogger(
    {},
    "debug",
    (record) => void lines.push({ level: record.level, msg: record.msg, fields: record }),
  );
}

const echo = signedRoute({
  body: z.strictObject({ secret: z.string() }),
  handle: async ({ body, hotkey }) => Response.json({ hotkey, length: body.secret.length }),
});
const broken = signedRoute({
  body: z.unknown(),
  handle: async () => {
    throw new Error("Failed query: insert into runs values ($1)\nparams: hunter2", {
      cause: new Error("the database fell over"),
    });
  },
});

describeEachDatabase("signedRoute", (driver) => {
  let w: World;
  beforeAll(async () => {
    w = await openWorld(driver);
  });
  afterAll(() => w?.database.close());

  const request = (options: { body?: string; headers?: Record<string, string>; contentType?: string } = {}) =>
    signRequest({
      path: "/api/v1/test",
      pair: w.pairs.validator1,
      nowMs: NOW_MS,
      signedFor: SIGNED_FOR,
      body: options.body ?? '{"secret":"hunter2"}',
      headers: options.headers,
      contentType: options.contentType,
    });

  it("hands the handler the proven hotkey and the parsed body", async () => {
    const response = await callRoute(echo, w.deps(), request());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hotkey: w.pairs.validator1.address, length: 7 });
  });

  it("answers 500 internal_error with the request id, and logs the error without signature or body", async () => {
    const lines: Line[] = [];
    const spec = request({ headers: { "x-request-id": "req-42" } });
    const response = await callRoute(broken, { ...w.deps(), log: capturingLogger(lines) }, spec);
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe("req-42");
    expect(((await response.json()) as ErrorJson).error).toMatchObject({
      code: "internal_error",
      requestId: "req-42",
    });
    expect(lines).toContainEqual(
      expect.objectContaining({ level: "error", fields: expect.objectContaining({ requestId: "req-42" }) }),
    );
    const logged = JSON.stringify(lines);
    expect(logged).toContain("the database fell over");
    expect(logged).not.toContain(spec.headers["epistula-request-signature"]);
    expect(logged).not.toContain("hunter2");
  });

  it("logs a refusal with its code and the proven hotkey, and never a body quoted in a message", async () => {
    const lines: Line[] = [];
    const response = await callRoute(
      echo,
      { ...w.deps(), log: capturingLogger(lines) },
      request({ body: '{"secret":1,"hunter2":0}' }),
    );
    expect(response.status).toBe(400);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: "signed request refused",
        fields: expect.objectContaining({
          code: "invalid_body",
          status: 400,
          hotkey: w.pairs.validator1.address,
        }),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain("hunter2");
  });

  it("replaces a request id that is not a plain token", async () => {
    for (const given of ['x", "level": "error', "a".repeat(200)]) {
      const response = await callRoute(echo, w.deps(), request({ headers: { "x-request-id": given } }));
      expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it("refuses JSON in another charset with 415", async () => {
    const response = await callRoute(
      echo,
      w.deps(),
      request({ contentType: "application/json; charset=latin1" }),
    );
    expect(response.status).toBe(415);
  });

  it("marks the validator as seen and forgets nonces older than the retention", async () => {
    const old = new Date(NOW_MS - 11 * 60_000);
    await w.database.db
      .insert(epistulaNonces)
      .values({ hotkey: "old", uuid: crypto.randomUUID(), seenAt: old });
    const deps = w.deps({ nowMs: NOW_MS + 24 * 3_600_000 });
    const later = signRequest({
      path: "/api/v1/test",
      pair: w.pairs.validator2,
      nowMs: NOW_MS + 24 * 3_600_000,
      signedFor: SIGNED_FOR,
      body: '{"secret":""}',
    });
    expect((await callRoute(echo, deps, later)).status).toBe(200);
    expect(await w.database.db.select().from(epistulaNonces).where(eq(epistulaNonces.hotkey, "old"))).toEqual(
      [],
    );
    const [seen] = await w.database.db
      .select()
      .from(validators)
      .where(eq(validators.hotkey, w.pairs.validator2.address));
    expect(seen?.lastSeenAt.getTime()).toBe(NOW_MS + 24 * 3_600_000);
  });
});
