import { describe, expect, it } from "vitest";
import { API_ROUTES } from "@/app/api/routes";
import { openApiDocument } from "@/server/api/openapi-document";
import { openApiPath } from "@/server/api/openapi";
import { ROUTE_METHODS } from "@/server/api/route-table";

// What the route table serves, as "METHOD /path/{param}": HEAD and OPTIONS come with every route and are not
// described.
function served(): string[] {
  return API_ROUTES.flatMap((route) =>
    ROUTE_METHODS.filter((m) => m !== "HEAD" && m !== "OPTIONS" && typeof route.module[m] === "function").map(
      (m) => `${m} ${openApiPath(route.pattern)}`,
    ),
  ).sort();
}

function described(): string[] {
  const { paths } = openApiDocument();
  return Object.entries(paths)
    .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

describe("GET /api/v1/openapi.json", () => {
  it("describes every route and method of the route table, and nothing else", () => {
    expect(described()).toEqual(served());
  });

  it("is OpenAPI 3.1 whose every $ref resolves and every operation has a unique id", () => {
    const document = openApiDocument();
    expect(document.openapi).toBe("3.1.0");
    const text = JSON.stringify(document);
    const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(10);
    for (const name of refs) expect(document.components.schemas, name).toHaveProperty(name);
    const ids = Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((op) => op.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("describes a path parameter for every {param} and the query of the leaderboard", () => {
    const { paths } = openApiDocument();
    for (const [path, item] of Object.entries(paths)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(item)) {
        expect(op.parameters.filter((p) => p.in === "path").map((p) => p.name)).toEqual(names);
      }
    }
    const leaderboard = paths["/api/v1/submissions"]?.get;
    expect(leaderboard?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["status", "q", "sort", "order", "cursor", "limit", "format"]),
    );
  });

  it("marks the validators' writes as signed and the reads as public", () => {
    const { paths } = openApiDocument();
    expect(paths["/api/v1/runs"]?.post?.security).toEqual([{ epistula: [] }]);
    expect(paths["/api/v1/runs"]?.post?.requestBody?.content["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/RunV1",
    });
    expect(paths["/api/v1/king"]?.get?.security).toBeUndefined();
  });

  it("is served by the route with the read caching headers", async () => {
    const openapi = API_ROUTES.find((r) => r.pattern === "/api/v1/openapi.json")?.module;
    const response = await openapi?.GET?.(new Request("http://x/api/v1/openapi.json"), {
      params: Promise.resolve({}),
    });
    expect(response?.status).toBe(200);
    expect(response?.headers.get("cache-control")).toContain("max-age");
    expect(await response?.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });
});
